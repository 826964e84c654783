package io.inferline.inference.adapter.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which offsets of each assigned partition may be committed: only the contiguous prefix of finished records. A
 * record fetched but not finished (waiting for a slot, running, or handed back) holds the partition's commit at its
 * offset, however many later records finished, so a crash redelivers it and nothing after it is lost. Used by the
 * consumer's thread only.
 */
final class PartitionProgress {

    private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** A record was fetched: it stays open until {@link #finished}. */
    void fetched(TopicPartition partition, long offset) {
        open.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        next.merge(partition, offset + 1, Math::max);
    }

    /** A record was processed for good; ignored for a partition no longer tracked. */
    void finished(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = open.get(partition);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** The offsets that moved past what was last committed, for {@code partitions} only when given. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        return offsets(partitions, false);
    }

    Map<TopicPartition, OffsetAndMetadata> committable() {
        return offsets(null, false);
    }

    /**
     * Every tracked partition's commit offset (of {@code partitions} only when given), committed before or not: for
     * the synchronous commit that hands partitions over, which must not rely on asynchronous commits still in flight.
     */
    Map<TopicPartition, OffsetAndMetadata> current(Collection<TopicPartition> partitions) {
        return offsets(partitions, true);
    }

    private Map<TopicPartition, OffsetAndMetadata> offsets(Collection<TopicPartition> partitions, boolean all) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (var entry : next.entrySet()) {
            TopicPartition partition = entry.getKey();
            if (partitions != null && !partitions.contains(partition)) {
                continue;
            }
            TreeSet<Long> pending = open.get(partition);
            long safe = pending == null || pending.isEmpty() ? entry.getValue() : pending.first();
            if (all || safe > committed.getOrDefault(partition, -1L)) {
                offsets.put(partition, new OffsetAndMetadata(safe));
            }
        }
        return offsets;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }

    /** An asynchronous commit of these partitions failed: the next {@link #committable} offers them again. */
    void commitFailed(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }

    /** Stops tracking partitions this consumer no longer owns. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            open.remove(partition);
            next.remove(partition);
            committed.remove(partition);
        });
    }
}
