package io.inferline.celery.application;

import io.inferline.celery.config.CeleryProperties;
import io.inferline.celery.domain.CeleryError;
import io.inferline.celery.domain.CeleryState;
import io.inferline.celery.domain.JobOutcome;
import io.inferline.celery.domain.ResultMeta;
import io.inferline.celery.domain.TaskContext;
import io.inferline.celery.domain.TaskRecord;
import io.inferline.celery.domain.TaskRoute;
import io.inferline.celery.domain.TaskState;
import io.inferline.contracts.v1.events.JobEvent;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what happened to a task into its Celery result. A job's final state arrives either as its event or in
 * the API's answer to the submission (a replayed job may be final already). An event can also arrive before the
 * worker recorded which task the job belongs to, in the moment between the API's answer and that record: such an
 * event is parked in Redis, and the submission looks for it after recording the job. Each side writes first and
 * looks second, so at least one of them sees the other. Most events are of jobs that are no task at all: an event
 * that carries its job's metadata without a task id is passed over without a lookup; only an event without metadata
 * (from before events carried it) can be any job's and takes the lookup.
 */
@Singleton
public class ResultWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
    static final Duration PARK_FOR = Duration.ofMinutes(15);

    private final TaskStore store;
    private final ResultBackend backend;
    private final TaskRoutes routes;
    private final JobRequests requests;
    private final CeleryMetrics metrics;
    private final CeleryProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    /** Tenants whose jobs were tasks of this worker: events of other tenants are not parked. */
    private final Set<String> ownTenants = ConcurrentHashMap.newKeySet();

    public ResultWriter(TaskStore store, ResultBackend backend, TaskRoutes routes, JobRequests requests,
                        CeleryMetrics metrics, CeleryProperties properties, JsonMapper json, Clock clock) {
        this.store = store;
        this.backend = backend;
        this.routes = routes;
        this.requests = requests;
        this.metrics = metrics;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** A task that became no job: it fails (or is revoked) with {@code error} at once. */
    public void refuse(TaskContext task, CeleryState state, CeleryError error) {
        write(task, ResultMeta.error(state, error, task, now(), worker()), state);
    }

    /** A stored task that ends without a job result: expired or refused before a job, or its job is gone. */
    public void finishWithoutJob(TaskRecord task, CeleryState state, CeleryError error) {
        if (!task.context().ignoreResult()) {
            backend.store(task.taskId(), ResultMeta.error(state, error, task.context(), now(), worker()));
        }
        if (store.markFinished(task.taskId(), task.jobId(), state.name(), now())) {
            metrics.resultWritten(state);
        }
    }

    /** A job event from Kafka. */
    public void onEvent(JobEvent event) {
        if (!event.status().isFinal() || !mayBeTask(event)) {
            return;
        }
        Optional<TaskRecord> task = store.findByJob(event.jobId());
        if (task.isEmpty()) {
            if (!ownTenants.isEmpty() && !ownTenants.contains(event.tenantId())) {
                return;
            }
            backend.parkEvent(event.jobId(), encode(event), PARK_FOR);
            task = store.findByJob(event.jobId());
            if (task.isEmpty()) {
                return;
            }
        }
        ownTenants.add(event.tenantId());
        apply(task.get(), outcome(event));
    }

    /** Every task's job carries the task id in its metadata ({@link JobRequests}). */
    static boolean mayBeTask(JobEvent event) {
        return event.metadata() == null || event.metadata().containsKey(JobRequests.TASK_ID_METADATA);
    }

    /** The API accepted the task's job; {@code task} already records it. */
    public void onAccepted(TaskRecord task, JobOutcome job) {
        if (job.isFinal()) {
            apply(task, job);
            return;
        }
        backend.takeParkedEvent(job.jobId()).map(this::decode).filter(event -> event.status().isFinal())
                .ifPresent(event -> apply(task, outcome(event)));
    }

    /**
     * Writes the result of a task whose job ended, unless it was written already; a failed job whose task may be
     * retried is scheduled again instead, with a RETRY state in between, as Celery's {@code self.retry()} does.
     */
    public void apply(TaskRecord task, JobOutcome job) {
        if (!job.isFinal() || task.state() == TaskState.FINISHED) {
            return;
        }
        Optional<TaskRoute> route = routes.find(task.context().name());
        CeleryState state = job.celeryState();
        if (state == CeleryState.FAILURE && route.isPresent() && task.context().retries() < route.get().maxRetries()
                && retry(task, job, route.get())) {
            return;
        }
        TaskContext context = task.context();
        String meta = state == CeleryState.SUCCESS
                ? ResultMeta.success(route.map(r -> r.result(job.output())).orElse(job.output()), context,
                job.finishedAt() == null ? now() : job.finishedAt(), worker())
                : ResultMeta.error(state, job.error(), context, job.finishedAt() == null ? now() : job.finishedAt(),
                worker());
        if (!context.ignoreResult()) {
            backend.store(task.taskId(), meta);
        }
        if (store.markFinished(task.taskId(), job.jobId(), state.name(), now())) {
            metrics.resultWritten(state);
        }
    }

    private boolean retry(TaskRecord task, JobOutcome job, TaskRoute route) {
        Instant due = now().plus(route.retryDelay());
        if (task.expiresAt() != null && !due.isBefore(task.expiresAt())) {
            return false;
        }
        int retries = task.context().retries() + 1;
        String request = requests.forRetry(task.jobRequest(), task.expiresAt(), due);
        if (!store.scheduleRetry(task.taskId(), job.jobId(), retries, request, due, now())) {
            return true; // another event or worker handled this failure already
        }
        LOG.info("task {} ({}): job {} failed, retry {} of {} at {}", task.taskId(), task.context().name(),
                job.jobId(), retries, route.maxRetries(), due);
        metrics.retried();
        if (!task.context().ignoreResult()) {
            backend.store(task.taskId(), ResultMeta.error(CeleryState.RETRY, job.error(), task.context(), null,
                    worker()));
        }
        return true;
    }

    private void write(TaskContext task, String meta, CeleryState state) {
        if (!task.ignoreResult()) {
            backend.store(task.taskId(), meta);
            metrics.resultWritten(state);
        }
    }

    static JobOutcome outcome(JobEvent event) {
        return new JobOutcome(event.jobId(), event.tenantId(), event.status(), event.output(),
                event.error() == null ? null : event.error().type(),
                event.error() == null ? null : event.error().message(), event.occurredAt());
    }

    private String worker() {
        return properties.isResultExtended() ? properties.getWorkerName() : null;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String encode(JobEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JobEvent decode(String event) {
        try {
            return json.readValue(event, JobEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
