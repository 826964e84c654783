package io.inferline.celery.application;

import io.inferline.celery.config.CeleryProperties;
import io.inferline.celery.domain.CeleryError;
import io.inferline.celery.domain.CeleryState;
import io.inferline.celery.domain.JobOutcome;
import io.inferline.celery.domain.TaskRecord;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The stored tasks' clock, in every replica (claims are exclusive, so replicas share the work): submits tasks
 * whose eta or retry is due, and tasks a dead worker left half-submitted; looks up in the API the jobs of tasks
 * that waited long for their event (one could have been dead-lettered); forgets finished tasks after their
 * retention.
 */
@Singleton
public class TaskScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(TaskScheduler.class);
    private static final int BATCH = 64;
    private static final Duration HOLD = Duration.ofSeconds(5);

    private final TaskStore store;
    private final Submissions submissions;
    private final JobSubmitter api;
    private final ResultWriter results;
    private final CeleryProperties properties;
    private final Clock clock;

    public TaskScheduler(TaskStore store, Submissions submissions, JobSubmitter api, ResultWriter results,
                         CeleryProperties properties, Clock clock) {
        this.store = store;
        this.submissions = submissions;
        this.api = api;
        this.results = results;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${inferline.celery.scheduler-interval:500ms}", initialDelay = "1s")
    void submitDue() {
        if (properties.getBrokers().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        // a row being submitted by a live worker is held at most submit-hold; one older than that was left behind
        Instant stale = now.minus(properties.getSubmitHold()).minusSeconds(30);
        List<TaskRecord> due = store.claimDue(now, stale, BATCH);
        if (due.isEmpty()) {
            return;
        }
        try (ExecutorService submitting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (TaskRecord task : due) {
                running.add(submitting.submit(() -> {
                    if (!submissions.submit(task, HOLD)) {
                        store.release(task.taskId(), clock.instant().plusSeconds(1), clock.instant());
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (Exception e) {
                    LOG.warn("submitting a due task failed; it is tried again shortly: {}", e.toString());
                }
            }
        }
    }

    @Scheduled(fixedDelay = "30s", initialDelay = "15s")
    void reconcileAndForget() {
        if (properties.getBrokers().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (TaskRecord task : store.unresolved(now.minus(properties.getReconcileAfter()), BATCH)) {
            try {
                Optional<JobOutcome> job = api.find(task.jobId());
                if (job.isEmpty()) {
                    results.finishWithoutJob(task, CeleryState.FAILURE, CeleryError.jobFailed(
                            "the Inferline API no longer knows job " + task.jobId()));
                } else if (job.get().isFinal()) {
                    LOG.info("task {}: job {} ended without an event reaching this worker; result from the API",
                            task.taskId(), task.jobId());
                    results.apply(task, job.get());
                } else {
                    store.touch(task.taskId(), now);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot look up job {} of task {} now: {}", task.jobId(), task.taskId(), e.toString());
            }
        }
        int forgotten = store.deleteFinished(now.minus(properties.getTaskRetention()));
        if (forgotten > 0) {
            LOG.debug("forgot {} finished tasks", forgotten);
        }
    }
}
