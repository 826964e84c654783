package io.inferline.celery.application;

import io.inferline.celery.application.JobSubmitter.Accepted;
import io.inferline.celery.application.JobSubmitter.Refused;
import io.inferline.celery.application.JobSubmitter.Unavailable;
import io.inferline.celery.domain.CeleryError;
import io.inferline.celery.domain.CeleryState;
import io.inferline.celery.domain.TaskRecord;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Submits a stored task's job to the API, with the task id as the {@code Idempotency-Key}: however often a task
 * is submitted (a redelivered message, a worker that died in between), it is one job. Retries while the API is
 * unavailable, for as long as the caller may hold the task.
 */
@Singleton
public class Submissions {

    private static final Logger LOG = LoggerFactory.getLogger(Submissions.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final JobSubmitter submitter;
    private final TaskStore store;
    private final ResultWriter results;
    private final CeleryMetrics metrics;
    private final Clock clock;

    public Submissions(JobSubmitter submitter, TaskStore store, ResultWriter results, CeleryMetrics metrics,
                       Clock clock) {
        this.submitter = submitter;
        this.store = store;
        this.results = results;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Submits until the API accepted or refused the job, or the task expired (each of which settles the task), or
     * {@code hold} has passed: then false, and the caller hands the task back for later.
     */
    public boolean submit(TaskRecord task, Duration hold) throws InterruptedException {
        Instant giveUpAt = clock.instant().plus(hold);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Instant now = clock.instant();
            if (task.expiresAt() != null && now.isAfter(task.expiresAt())) {
                metrics.rejected("expired");
                results.finishWithoutJob(task, CeleryState.REVOKED, CeleryError.revoked("expired"));
                return true;
            }
            switch (submitter.submit(task.idempotencyKey(), task.jobRequest())) {
                case Accepted accepted -> {
                    store.markSubmitted(task.taskId(), accepted.job().jobId(), clock.instant());
                    results.onAccepted(task.withJob(accepted.job().jobId()), accepted.job());
                    return true;
                }
                case Refused refused -> {
                    LOG.info("task {} ({}): the API refused its job with {}: {}", task.taskId(), task.context().name(),
                            refused.status(), refused.detail());
                    metrics.rejected("api_rejected");
                    results.finishWithoutJob(task, CeleryState.FAILURE,
                            CeleryError.jobRejected(refused.status() + ": " + refused.detail()));
                    return true;
                }
                case Unavailable unavailable -> {
                    Duration wait = unavailable.retryAfter() != null && unavailable.retryAfter().compareTo(backoff) > 0
                            ? unavailable.retryAfter() : backoff;
                    if (clock.instant().plus(wait).isAfter(giveUpAt)) {
                        LOG.warn("task {} ({}): the API is unavailable ({}); handing the task back for later",
                                task.taskId(), task.context().name(), unavailable.reason());
                        return false;
                    }
                    LOG.debug("task {}: API unavailable ({}), retrying in {}", task.taskId(), unavailable.reason(),
                            wait);
                    Thread.sleep(wait);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                            ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }
}
