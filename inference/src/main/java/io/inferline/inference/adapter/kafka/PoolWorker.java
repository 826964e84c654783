package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.inference.domain.LaneScheduler;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consumer loop of one worker pool: it subscribes to the pool's three lane topics in group
 * {@link Topics#workerGroup}, and its thread only polls, hands records to job threads and commits.
 * <ul>
 * <li><b>Bounded work.</b> At most {@code maxInFlight} requests run at once, each on its own virtual thread. Records
 * fetched but not started wait in their lane; a lane with waiting records has its partitions paused until they have
 * started, so at most one poll's worth per lane ({@link #bufferPerLane}) is held in memory and the rest stays in
 * Kafka, where KEDA sees it.</li>
 * <li><b>Lanes.</b> Free slots go to the lanes by {@link LaneScheduler} (high 6 : normal 3 : low 1 when all wait).</li>
 * <li><b>At least once.</b> Per partition only the contiguous prefix of finished records is committed
 * ({@link PartitionProgress}); whatever a dead or stopped worker did not finish is redelivered, and the job
 * executor's idempotency makes a redelivered finished job a replay of its final event.</li>
 * <li><b>Error strategy.</b> Per record, in {@link JobRequestHandler}: undecodable → dead-lettered at once; failing
 * every try → retried with backoff, then dead-lettered and the job marked failed. A record is committed only after
 * one of these outcomes. An error of the consumer itself (broker unreachable for longer than the client retries)
 * stops the loop as a shutdown would, and {@link PoolWorkers} starts it again.</li>
 * <li><b>Rebalance.</b> Partitions taken away wait (up to the grace period) for their running jobs, then commit.
 * Newly assigned partitions without a committed offset get their start position committed, so the group's lag
 * (KEDA sums it over the topics the group has offsets on) covers every lane from the first assignment.</li>
 * <li><b>Shutdown.</b> {@link #stop}: fetching stops, waiting records are handed back, running jobs get up to the
 * grace period, finished offsets are committed, jobs still running are interrupted and left for redelivery.</li>
 * </ul>
 */
final class PoolWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private record Ended(ConsumerRecord<String, byte[]> record, boolean done) {
        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }
    }

    private final String pool;
    private final Consumer<String, byte[]> consumer;
    private final JobRequestHandler handler;
    private final int maxInFlight;
    private final Duration grace;
    private final Map<String, Priority> laneOfTopic = new HashMap<>();
    private final Map<Priority, ArrayDeque<ConsumerRecord<String, byte[]>>> waiting = new EnumMap<>(Priority.class);
    private final LaneScheduler scheduler = LaneScheduler.withDefaultWeights();
    private final PartitionProgress progress = new PartitionProgress();
    private final Map<TopicPartition, Integer> runningByPartition = new HashMap<>();
    private final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger paused = new AtomicInteger();
    private final ExecutorService jobs;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    PoolWorker(String pool, Consumer<String, byte[]> consumer, JobRequestHandler handler, int maxInFlight,
               Duration grace) {
        this.pool = pool;
        this.consumer = consumer;
        this.handler = handler;
        this.maxInFlight = maxInFlight;
        this.grace = grace;
        for (Priority lane : Priority.values()) {
            laneOfTopic.put(Topics.jobRequests(pool, lane), lane);
            waiting.put(lane, new ArrayDeque<>());
        }
        this.jobs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-" + pool + "-", 0).factory());
    }

    /**
     * Records one poll may bring (max.poll.records), so also what one lane may hold waiting: enough that a lane does
     * not run dry between two fetches and lose its turn, few enough to stay small.
     */
    static int bufferPerLane(int maxInFlight) {
        return Math.max(maxInFlight, 8);
    }

    int inFlight() {
        return inFlight.get();
    }

    int pausedPartitions() {
        return paused.get();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(laneOfTopic.keySet(), new Rebalance());
            while (!stopping) {
                try {
                    fetch();
                    dispatch();
                    throttle();
                    commit(progress.committable(), false);
                } catch (WakeupException e) {
                    // stop() woke the poll
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the consumer of pool {} failed; it stops and hands its jobs back", pool, e);
        } finally {
            shutDown();
        }
    }

    /** Stops the loop (see the class comment) and waits until it has, at most the grace period and a bit. */
    void stop() throws InterruptedException {
        if (hasStopped()) {
            return;
        }
        stopping = true;
        consumer.wakeup();
        if (!finished.await(grace.toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
            LOG.warn("the consumer of pool {} did not stop in time", pool);
        }
    }

    boolean hasStopped() {
        return finished.getCount() == 0;
    }

    private void fetch() throws InterruptedException {
        if (inFlight.get() >= maxInFlight) {
            // every slot is taken: fetch for the lanes that have room, wait for a job to end (not in poll(), which
            // a job's end cannot wake), then take what was fetched meanwhile
            accept(consumer.poll(Duration.ZERO));
            throttle();
            Ended first = ended.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            if (first != null) {
                apply(first);
            }
            accept(consumer.poll(Duration.ZERO));
        } else {
            accept(consumer.poll(POLL));
        }
        for (Ended next; (next = ended.poll()) != null; ) {
            apply(next);
        }
    }

    private void accept(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (var record : records) {
            Priority lane = laneOfTopic.get(record.topic());
            waiting.get(lane).add(record);
            progress.fetched(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }

    private void dispatch() {
        while (inFlight.get() < maxInFlight) {
            Set<Priority> withWork = EnumSet.noneOf(Priority.class);
            waiting.forEach((lane, records) -> {
                if (!records.isEmpty()) {
                    withWork.add(lane);
                }
            });
            var lane = scheduler.next(withWork);
            if (lane.isEmpty()) {
                return;
            }
            start(waiting.get(lane.get()).poll());
        }
    }

    private void start(ConsumerRecord<String, byte[]> record) {
        inFlight.incrementAndGet();
        runningByPartition.merge(new TopicPartition(record.topic(), record.partition()), 1, Integer::sum);
        jobs.execute(() -> {
            boolean done = false;
            try {
                handler.handle(record);
                done = true;
            } catch (InterruptedException e) {
                LOG.info("record {}/{}@{} handed back unfinished", record.topic(), record.partition(), record.offset());
            } catch (RuntimeException | Error e) {
                LOG.error("record {}/{}@{} failed outside the handler's error strategy; it will be redelivered",
                        record.topic(), record.partition(), record.offset(), e);
            } finally {
                ended.add(new Ended(record, done));
            }
        });
    }

    private void apply(Ended end) {
        inFlight.decrementAndGet();
        TopicPartition partition = end.partition();
        runningByPartition.computeIfPresent(partition, (p, n) -> n > 1 ? n - 1 : null);
        if (end.done()) {
            progress.finished(partition, end.record().offset());
        } else if (!stopping && consumer.assignment().contains(partition)) {
            // not handed back by a shutdown: run it again rather than hold the partition's commits forever
            waiting.get(laneOfTopic.get(partition.topic())).addFirst(end.record());
        }
    }

    /** Pauses the partitions of lanes with records waiting for a slot, resumes the others. */
    private void throttle() {
        Set<TopicPartition> toPause = new HashSet<>();
        Set<TopicPartition> toResume = new HashSet<>();
        Set<TopicPartition> pausedNow = consumer.paused();
        for (TopicPartition partition : consumer.assignment()) {
            boolean full = !waiting.get(laneOfTopic.get(partition.topic())).isEmpty();
            if (full && !pausedNow.contains(partition)) {
                toPause.add(partition);
            } else if (!full && pausedNow.contains(partition)) {
                toResume.add(partition);
            }
        }
        consumer.pause(toPause);
        consumer.resume(toResume);
        paused.set(consumer.paused().size());
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, boolean sync) {
        if (offsets.isEmpty()) {
            return;
        }
        if (!sync) {
            progress.committed(offsets);
            // the callback runs on this thread, inside a later poll or commit
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    progress.commitFailed(offsets.keySet());
                    LOG.debug("pool {}: progress commit failed, the next one covers it: {}", pool, error.toString());
                }
            });
            return;
        }
        for (int tries = 1; tries <= 2; tries++) {
            try {
                consumer.commitSync(offsets);
                progress.committed(offsets);
                return;
            } catch (WakeupException e) {
                // a stop() woke this call instead of a poll: commit again
            } catch (KafkaException e) {
                LOG.warn("pool {}: could not commit {}: {}", pool, offsets, e.toString());
                return;
            }
        }
    }

    private void shutDown() {
        try {
            stopping = true;
            waiting.values().forEach(ArrayDeque::clear);
            consumer.pause(consumer.assignment());
            awaitRunning(null, grace);
            jobs.shutdownNow();
            for (Ended end; (end = ended.poll()) != null; ) {
                apply(end);
            }
            commit(progress.current(null), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.shutdownNow();
        } catch (RuntimeException e) {
            LOG.warn("pool {}: shutdown did not complete cleanly: {}", pool, e.toString());
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("pool {}: closing the consumer failed: {}", pool, e.toString());
            }
            if (inFlight.get() > 0) {
                LOG.info("pool {}: {} unfinished job(s) handed back for redelivery", pool, inFlight.get());
            }
            finished.countDown();
        }
    }

    /** Applies ended jobs until none of {@code partitions} (null: any) has one running, or {@code within} passed. */
    private void awaitRunning(Collection<TopicPartition> partitions, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (running(partitions)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Ended end = ended.poll(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
            if (end != null) {
                apply(end);
            }
        }
    }

    private boolean running(Collection<TopicPartition> partitions) {
        if (partitions == null) {
            return inFlight.get() > 0;
        }
        return partitions.stream().anyMatch(runningByPartition::containsKey);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            waiting.values().forEach(records -> records.removeIf(r ->
                    partitions.contains(new TopicPartition(r.topic(), r.partition()))));
            try {
                if (!stopping) {
                    awaitRunning(partitions, grace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            commit(progress.current(partitions), true);
            progress.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            waiting.values().forEach(records -> records.removeIf(r ->
                    partitions.contains(new TopicPartition(r.topic(), r.partition()))));
            progress.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || stopping) {
                return;
            }
            LOG.info("pool {}: assigned {}", pool, List.copyOf(partitions));
            try {
                Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                for (TopicPartition partition : partitions) {
                    if (committed.get(partition) == null) {
                        starts.put(partition, new OffsetAndMetadata(consumer.position(partition)));
                    }
                }
                if (!starts.isEmpty()) {
                    consumer.commitSync(starts);
                }
            } catch (KafkaException e) {
                // only KEDA's view of idle lanes suffers; the next assignment tries again
                LOG.warn("pool {}: could not commit the start offsets of {}: {}", pool, partitions, e.toString());
            }
        }
    }
}
