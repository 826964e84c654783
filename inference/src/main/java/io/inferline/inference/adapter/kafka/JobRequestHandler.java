package io.inferline.inference.adapter.kafka;

import io.inferline.common.error.DatabaseFailures;
import io.inferline.common.kafka.DeadLetters;
import io.inferline.common.kafka.RecordDecoder;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.inference.application.JobEvents;
import io.inferline.inference.application.JobExecutor;
import io.inferline.inference.config.WorkerProperties;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Processes one job request record, on a job thread of its pool's consumer. Error strategy: an undecodable record
 * goes to {@link Topics#JOB_DEAD_LETTERS} at once, with the reason in its headers. While the database is away
 * (down, restarting, unreachable through PgBouncer) a request waits for it, tried again at most 5 s apart, however
 * long that takes: an outage is not the request's fault and uses none of its tries. A request whose processing
 * throws otherwise (broker away, an event the broker refuses) is tried {@code inferline.inference.attempts} times,
 * the wait doubling from {@code retry-backoff}; then it is dead-lettered and its job ends {@code failed}
 * ({@code worker_gave_up}) through a final event. The record only counts as done once that is published: while the
 * broker refuses even that, the hand-over is retried (at most a minute apart) rather than the record skipped. An
 * interrupt (the worker stops without waiting any longer) hands the record back unfinished.
 */
@Singleton
class JobRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JobRequestHandler.class);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
    private static final Duration LONGEST_DATABASE_WAIT = Duration.ofSeconds(5);

    private final JobExecutor executor;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final JobEvents events;
    private final WorkerProperties properties;
    private final Clock clock;

    JobRequestHandler(JobExecutor executor, RecordDecoder decoder, DeadLetters deadLetters, JobEvents events,
                      WorkerProperties properties, Clock clock) {
        this.executor = executor;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** Processes the record until it may be committed; throws when interrupted before that. */
    void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Optional<JobRequested> request = decodeOrDeadLetter(record);
        if (request.isEmpty()) {
            return;
        }
        Exception failure = null;
        int attempt = 1;
        int outageWaits = 0;
        while (true) {
            try {
                executor.execute(request.get());
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) { // a statement's SQLException passes through transaction callbacks unwrapped
                stopIfInterrupted();
                failure = e;
                if (DatabaseFailures.isUnavailable(e)) {
                    // not the request's fault: it waits for the database however long that takes
                    outageWaits++;
                    LOG.warn("job {} (record {}/{}@{}) waits for the database: {}", request.get().jobId(),
                            record.topic(), record.partition(), record.offset(), e.toString());
                    Thread.sleep(min(backoff(outageWaits), LONGEST_DATABASE_WAIT));
                    continue;
                }
                LOG.warn("job {} (record {}/{}@{}) failed try {} of {}: {}", request.get().jobId(), record.topic(),
                        record.partition(), record.offset(), attempt, properties.getAttempts(), e.toString());
                if (attempt >= properties.getAttempts()) {
                    break;
                }
                Thread.sleep(backoff(attempt));
                attempt++;
            }
        }
        giveUp(record, request.get(), failure);
    }

    private Optional<JobRequested> decodeOrDeadLetter(ConsumerRecord<String, byte[]> record)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return decoder.decodeOrDeadLetter(record, JobRequested.class, Topics.JOB_DEAD_LETTERS);
            } catch (RuntimeException e) {
                stopIfInterrupted();
                LOG.error("could not dead-letter undecodable record {}/{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.toString());
                Thread.sleep(backoff(attempt));
            }
        }
    }

    private void giveUp(ConsumerRecord<String, byte[]> record, JobRequested request, Exception failure)
            throws InterruptedException {
        boolean parked = false;
        for (int attempt = 1; ; attempt++) {
            try {
                if (!parked) {
                    deadLetters.publish(Topics.JOB_DEAD_LETTERS, record, "failed " + properties.getAttempts()
                            + " tries: " + rootCause(failure));
                    parked = true;
                }
                events.publish(JobEvent.ended(request, JobStatus.FAILED, new JobError("worker_gave_up",
                        "the worker could not process the job; it was set aside for an operator"), clock.instant()));
                return;
            } catch (RuntimeException e) {
                stopIfInterrupted();
                LOG.error("could not set job {} aside: {}", request.jobId(), e.toString());
                Thread.sleep(backoff(attempt));
            }
        }
    }

    private Duration backoff(int attempt) {
        Duration wait = properties.getRetryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void stopIfInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("the worker stops");
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
