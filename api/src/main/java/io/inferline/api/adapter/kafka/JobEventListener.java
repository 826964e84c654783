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
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Follows every job's progress. Error strategy: an undecodable record is dead-lettered at once. While the
 * database is away (down, restarting, unreachable through PgBouncer) an event is tried again and again, the wait
 * doubling up to {@link #MAX_WAIT}, until it applies: an event is never dropped because the database was away,
 * or its job would stay {@code running} forever. The partition waits meanwhile (nothing after it can apply
 * either); an outage longer than the consumer's {@code max.poll.interval.ms} hands the partition to another
 * replica, which applies the event again (harmless: updates only move a job forward). Any other failure is
 * retried with exponential backoff, then dead-lettered and skipped. On shutdown the wait ends and the event,
 * not committed, is redelivered.
 */
@KafkaListener(groupId = "inferline-api-job-events", offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCount = 8, retryDelay = "200ms"))
class JobEventListener implements KafkaListenerExceptionHandler {

    static final Duration FIRST_WAIT = Duration.ofMillis(200);
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(JobEventListener.class);

    private final JobService jobs;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private volatile boolean closing;

    JobEventListener(JobService jobs, RecordDecoder decoder, DeadLetters deadLetters) {
        this.jobs = jobs;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.JOB_EVENTS)
    void receive(ConsumerRecord<String, byte[]> record) {
        decoder.decodeOrDeadLetter(record, JobEvent.class, Topics.JOB_EVENT_DEAD_LETTERS)
                .ifPresent(this::applyOnceTheDatabaseAnswers);
    }

    private void applyOnceTheDatabaseAnswers(JobEvent event) {
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                jobs.onEvent(event);
                return;
            } catch (Exception e) { // a statement's SQLException passes through transaction callbacks unwrapped
                if (closing || !DatabaseFailures.isUnavailable(e)) {
                    throw e;
                }
                LOG.warn("database unavailable, event {} of job {} waits {} ms: {}", event.status(), event.jobId(),
                        wait.toMillis(), e.toString());
                pause(wait, e);
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }

    private void pause(Duration wait, Exception failure) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the database was away", failure);
        }
    }

    @PreDestroy
    void close() {
        closing = true;
    }

    @Override
    public void handle(KafkaListenerException exception) {
        deadLetters.publish(Topics.JOB_EVENT_DEAD_LETTERS, exception);
    }
}
