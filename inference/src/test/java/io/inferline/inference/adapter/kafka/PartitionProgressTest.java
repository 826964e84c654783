package io.inferline.inference.adapter.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionProgressTest {

    private static final TopicPartition P0 = new TopicPartition("inferline.jobs.sim.high.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("inferline.jobs.sim.high.v1", 1);

    @Test
    void onlyTheContiguousFinishedPrefixIsCommittable() {
        var progress = new PartitionProgress();
        for (long offset = 10; offset < 14; offset++) {
            progress.fetched(P0, offset);
        }
        assertEquals(Map.of(P0, new OffsetAndMetadata(10)), progress.committable(), "nothing finished yet");
        progress.committed(progress.committable());

        progress.finished(P0, 11);
        progress.finished(P0, 12);
        assertTrue(progress.committable().isEmpty(), "10 still runs: 11 and 12 must wait for it");

        progress.finished(P0, 10);
        assertEquals(Map.of(P0, new OffsetAndMetadata(13)), progress.committable());
        progress.committed(progress.committable());

        progress.finished(P0, 13);
        assertEquals(Map.of(P0, new OffsetAndMetadata(14)), progress.committable(), "one past the last record");
    }

    @Test
    void partitionsAdvanceIndependentlyAndFailedCommitsAreOfferedAgain() {
        var progress = new PartitionProgress();
        progress.fetched(P0, 0);
        progress.fetched(P1, 5);
        progress.finished(P1, 5);
        assertEquals(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(6)), progress.committable());
        progress.committed(progress.committable());
        assertTrue(progress.committable().isEmpty());

        progress.commitFailed(List.of(P1));
        assertEquals(Map.of(P1, new OffsetAndMetadata(6)), progress.committable());
        assertEquals(Map.of(), progress.committable(List.of(P0)));
        assertEquals(Map.of(P0, new OffsetAndMetadata(0)), progress.current(List.of(P0)), "handing over commits anyway");
    }

    @Test
    void aForgottenPartitionIsNoLongerCommittedAndLateFinishesAreIgnored() {
        var progress = new PartitionProgress();
        progress.fetched(P0, 3);
        progress.forget(List.of(P0));
        progress.finished(P0, 3);
        assertTrue(progress.committable().isEmpty());
    }
}
