package io.inferline.celery.application;

import io.inferline.celery.config.CeleryProperties;
import io.inferline.celery.domain.CeleryError;
import io.inferline.celery.domain.CeleryState;
import io.inferline.celery.domain.MappedJob;
import io.inferline.celery.domain.TaskMessage;
import io.inferline.celery.domain.TaskRecord;
import io.inferline.celery.domain.TaskRefusedException;
import io.inferline.celery.domain.TaskRoute;
import io.inferline.celery.domain.TaskState;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What happens to a message a transport received; the answer tells the transport whether to acknowledge it. A
 * message is acknowledged only once its task is settled durably: its job accepted by the API, the task stored for
 * a later eta, or its result written (an unknown task, bad arguments, expired). Until then it stays with its
 * broker, which delivers it again if this worker dies; the stored task and the API's idempotency make the second
 * delivery the same job.
 */
@Singleton
public class TaskIntake {

    /** What the transport does with the message. */
    public enum Disposition {
        /** Settled: acknowledge. */
        ACK,
        /** Not settled (the API is unavailable): give it back to the broker for later. */
        REQUEUE,
        /** Not a Celery task at all: drop it (AMQP: reject without requeue, so a dead-letter exchange gets it). */
        REJECT
    }

    private static final Logger LOG = LoggerFactory.getLogger(TaskIntake.class);

    private final CeleryProtocol protocol;
    private final TaskRoutes routes;
    private final JobRequests requests;
    private final TaskStore store;
    private final Submissions submissions;
    private final ResultWriter results;
    private final CeleryMetrics metrics;
    private final CeleryProperties properties;
    private final Clock clock;

    public TaskIntake(CeleryProtocol protocol, TaskRoutes routes, JobRequests requests, TaskStore store,
                      Submissions submissions, ResultWriter results, CeleryMetrics metrics,
                      CeleryProperties properties, Clock clock) {
        this.protocol = protocol;
        this.routes = routes;
        this.requests = requests;
        this.store = store;
        this.submissions = submissions;
        this.results = results;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    public Disposition handle(RawMessage raw) throws InterruptedException {
        metrics.received(raw.transport(), raw.queue());
        TaskMessage task;
        try {
            task = protocol.parse(raw);
        } catch (CeleryProtocol.RefusedTask refused) {
            LOG.info("task {} ({}) refused: {}", refused.context().taskId(), refused.context().name(), refused.error());
            metrics.rejected(refused.reason());
            results.refuse(refused.context(), CeleryState.FAILURE, refused.error());
            return Disposition.ACK;
        } catch (RuntimeException malformed) {
            LOG.warn("dropping a message from {} {} that is not a Celery task: {}", raw.transport(), raw.queue(),
                    malformed.getMessage());
            metrics.rejected("malformed");
            return Disposition.REJECT;
        }
        try {
            return accept(task);
        } catch (TaskRefusedException refused) {
            LOG.info("task {} ({}) refused: {}", task.id(), task.name(), refused.error());
            metrics.rejected(refused.reason());
            results.refuse(task.context(), CeleryState.FAILURE, refused.error());
            return Disposition.ACK;
        }
    }

    private Disposition accept(TaskMessage task) throws InterruptedException {
        if (task.canvas() != null) {
            throw new TaskRefusedException("unsupported", CeleryError.notImplemented("the Inferline worker runs "
                    + "single tasks; this one asks for " + task.canvas() + ", which it does not support"));
        }
        TaskRoute route = routes.find(task.name()).orElseThrow(() ->
                new TaskRefusedException("not_registered", CeleryError.notRegistered(task.name())));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (task.expires() != null && now.isAfter(task.expires())) {
            // Celery's worker: a task received after it expired is revoked, never run
            LOG.info("task {} ({}) expired at {} before it was received", task.id(), task.name(), task.expires());
            metrics.rejected("expired");
            results.refuse(task.context(), CeleryState.REVOKED, CeleryError.revoked("expired"));
            return Disposition.ACK;
        }
        MappedJob job = route.map(task.args(), task.kwargs());
        metrics.mapped(route.name());
        Instant due = task.eta() != null && task.eta().isAfter(now) ? task.eta() : now;
        var record = new TaskRecord(task.context(), due.isAfter(now) ? TaskState.SCHEDULED : TaskState.SUBMITTING,
                requests.body(task, job, properties.priorityRule(), due), due, task.expires(), null);

        var stored = store.insertIfAbsent(record, now);
        TaskRecord current = stored.record();
        if (!stored.inserted()) {
            if (task.retries() > current.context().retries()) {
                current = store.replace(record, now); // Celery retried the task: a new attempt, a new job
            } else if (current.state() != TaskState.SUBMITTING) {
                LOG.debug("task {} delivered again; it is {} already", task.id(), current.state());
                return Disposition.ACK;
            }
        }
        if (current.state() == TaskState.SCHEDULED) {
            return Disposition.ACK;
        }
        return submissions.submit(current, properties.getSubmitHold()) ? Disposition.ACK : Disposition.REQUEUE;
    }
}
