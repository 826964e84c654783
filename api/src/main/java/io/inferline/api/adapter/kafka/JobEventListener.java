package io.inferline.api.adapter.kafka;

import io.inferline.api.application.JobService;
import io.inferline.common.error.DatabaseFailures;
import io.inferline.common.kafka.DeadLetters;
import io.inferline.common.kafka.RecordDecoder;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Follows every job's progress, a poll's records at a time: the events of different jobs apply concurrently (at
 * most {@link #CONCURRENT_JOBS} at once), one job's events in their order, and the offsets are committed once the
 * whole poll has applied. Error strategy, per record and inside this class (Micronaut's is {@code NONE}, as nothing
 * is thrown to it): an undecodable record is dead-lettered at once. While the database is away (down, restarting,
 * unreachable through PgBouncer) an event is tried again and again, the wait doubling from {@link #FIRST_WAIT} up
 * to {@link #MAX_WAIT}, until it applies: an event is never dropped because the database was away, or its job would
 * stay {@code running} forever. The poll waits meanwhile (nothing after it is committed); an outage longer than the
 * consumer's {@code max.poll.interval.ms} hands the partition to another replica, which applies the events again
 * (harmless: updates only move a job forward, so a poll applied twice, or partly twice, changes nothing). Any other
 * failure is tried {@link #TRIES} times with exponential backoff from {@link #FIRST_WAIT}, then dead-lettered and
 * skipped. On shutdown, or when a dead-letter cannot be published, the poll is not committed and its partitions
 * are rewound to it: it is delivered again.
 */
@KafkaListener(groupId = "inferline-api-job-events", offsetReset = OffsetReset.EARLIEST, batch = true,
        offsetStrategy = OffsetStrategy.DISABLED, errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.NONE))
class JobEventListener {

    static final Duration FIRST_WAIT = Duration.ofMillis(200);
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    static final int TRIES = 9;
    /** Half the api's default connection pool: submissions and reads keep the other half. */
    static final int CONCURRENT_JOBS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(JobEventListener.class);

    private final JobService jobs;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final ExecutorService appliers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("job-event-", 0).factory());
    private final Semaphore slots = new Semaphore(CONCURRENT_JOBS);
    private volatile boolean closing;

    JobEventListener(JobService jobs, RecordDecoder decoder, DeadLetters deadLetters) {
        this.jobs = jobs;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.JOB_EVENTS)
    void receive(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        if (records.isEmpty()) {
            return;
        }
        if (applyAll(records)) {
            commit(records, consumer);
        } else {
            rewind(records, consumer);
        }
    }

    /** Applies every record, a job's records in order on one virtual thread; false when one could not be settled. */
    private boolean applyAll(List<ConsumerRecord<String, byte[]>> records) {
        Map<Object, List<ConsumerRecord<String, byte[]>>> byJob = new LinkedHashMap<>();
        for (var record : records) {
            // a record without a key (not a worker's) is on its own
            Object job = record.key() != null ? record.key() : record;
            byJob.computeIfAbsent(job, k -> new ArrayList<>()).add(record);
        }
        List<Future<Boolean>> applied = new ArrayList<>(byJob.size());
        try {
            for (var jobRecords : byJob.values()) {
                slots.acquire();
                applied.add(appliers.submit(() -> {
                    try {
                        return jobRecords.stream().allMatch(this::settle);
                    } finally {
                        slots.release();
                    }
                }));
            }
            boolean all = true;
            for (var future : applied) {
                all &= future.get();
            }
            return all;
        } catch (InterruptedException e) {
            // the consumer stops: appliers still running may finish, harmlessly, as the poll is delivered again
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.error("applying job events failed outside their error strategy; the poll is delivered again", e);
            awaitQuietly(applied);
            return false;
        }
    }

    /** Applies or dead-letters the record; false when it could do neither (shutdown, dead-letters unreachable). */
    private boolean settle(ConsumerRecord<String, byte[]> record) {
        Duration wait = FIRST_WAIT;
        for (int failedTries = 0; ; ) {
            try {
                decoder.decodeOrDeadLetter(record, JobEvent.class, Topics.JOB_EVENT_DEAD_LETTERS)
                        .ifPresent(jobs::onEvent);
                return true;
            } catch (RuntimeException e) { // a statement's SQLException passes through transaction callbacks unwrapped
                if (closing) {
                    return false;
                }
                boolean databaseAway = DatabaseFailures.isUnavailable(e);
                if (!databaseAway && ++failedTries >= TRIES) {
                    return deadLetter(record, e);
                }
                LOG.warn("event {}/{}@{} of job {} waits {} ms{}: {}", record.topic(), record.partition(),
                        record.offset(), record.key(), wait.toMillis(), databaseAway ? " for the database" : "",
                        e.toString());
                if (!pause(wait)) {
                    return false;
                }
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException failure) {
        try {
            deadLetters.publish(Topics.JOB_EVENT_DEAD_LETTERS, record, "failed " + TRIES + " tries: " + failure);
            return true;
        } catch (RuntimeException e) {
            LOG.error("could not dead-letter {}/{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
            return false;
        }
    }

    private boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return !closing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitQuietly(List<Future<Boolean>> applied) {
        for (var future : applied) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // already reported: the poll is delivered again
            }
        }
    }

    private static void commit(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (var record : records) {
            next.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        try {
            consumer.commitSync(next);
        } catch (KafkaException e) {
            // the partitions moved to another replica meanwhile: it applies these events again, which is harmless
            LOG.warn("could not commit job events {}: {}", next, e.toString());
        }
    }

    private static void rewind(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (var record : records) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    @PreDestroy
    void close() {
        closing = true;
    }
}
