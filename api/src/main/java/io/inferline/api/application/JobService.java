package io.inferline.api.application;

import io.inferline.api.application.JobStore.Acceptance;
import io.inferline.api.application.JobStore.IdempotencyClaim;
import io.inferline.api.application.quota.TenantBudgets;
import io.inferline.api.application.ratelimit.RateLimiter;
import io.inferline.api.application.webhooks.WebhookService;
import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Job;
import io.inferline.api.domain.JobSubmission;
import io.inferline.common.error.NotFoundException;
import io.inferline.common.id.Uuids;
import io.inferline.common.logging.JobLogContext;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.jobs.JobStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Accepts jobs, answers for them, cancels them, and follows their progress from the workers' events. */
@Singleton
public class JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private final ModelCatalog catalog;
    private final JobStore store;
    private final JobStatusCache cache;
    private final JobUpdates updates;
    private final JobCancellations cancellations;
    private final WebhookService webhooks;
    private final RateLimiter rateLimiter;
    private final TenantBudgets budgets;
    private final Clock clock;

    public JobService(ModelCatalog catalog, JobStore store, JobStatusCache cache, JobUpdates updates,
                      JobCancellations cancellations, WebhookService webhooks, RateLimiter rateLimiter,
                      TenantBudgets budgets, Clock clock) {
        this.webhooks = webhooks;
        this.rateLimiter = rateLimiter;
        this.budgets = budgets;
        this.catalog = catalog;
        this.store = store;
        this.cache = cache;
        this.updates = updates;
        this.cancellations = cancellations;
        this.clock = clock;
    }

    /** A submission's outcome: the job, and whether it was created now or by an earlier request with the same key. */
    public record Submitted(Job job, boolean replayed) {
    }

    /**
     * Stores the job and queues it durably (see {@link JobStore#accept}). With an idempotency claim, a repeated
     * request gets the job the first one created; the same key with a different request is a conflict.
     */
    public Submitted submit(Caller caller, JobSubmission submission, IdempotencyClaim claim) {
        var requested = submission.model();
        var route = catalog.route(caller, submission).orElseThrow(() -> new UnknownModelException(requested));
        submission = route.admitted(submission); // guard rules may have redacted the input
        if (submission.webhook() != null) {
            webhooks.checkUrl("webhook", submission.webhook());
        }
        var job = Job.queued(Uuids.v7(), caller.tenantId(), submission, route, now());
        rateLimiter.admitJob(caller, job);
        Acceptance acceptance;
        try {
            budgets.admit(job);
            acceptance = store.accept(job, claim);
        } catch (RuntimeException e) {
            notCreated(caller, job);
            throw e;
        }
        if (!(acceptance instanceof Acceptance.Accepted)) {
            notCreated(caller, job);
        }
        return switch (acceptance) {
            case Acceptance.Accepted accepted -> {
                cache.put(accepted.job());
                updates.publish(new JobUpdates.Change(accepted.job().id(), caller.tenantId(),
                        accepted.job().status()));
                try (var ignored = JobLogContext.of(job.id())) {
                    LOG.debug("job {} accepted: model {} in pool {}", job.id(), job.model(), job.pool());
                }
                yield new Submitted(accepted.job(), false);
            }
            case Acceptance.Replayed replayed -> new Submitted(replayed.job(), true);
            case Acceptance.KeyReused reused -> throw new IdempotencyKeyReusedException();
        };
    }

    private void notCreated(Caller caller, Job job) {
        rateLimiter.jobNotCreated(caller, job);
        budgets.release(job);
    }

    public Job get(Caller caller, UUID id) {
        return cache.get(caller.tenantId(), id)
                .or(() -> store.find(caller.tenantId(), id))
                .orElseThrow(() -> new NotFoundException("job", id));
    }

    /** Reads past the cache: for callers that were just told the job changed. */
    public Job getFresh(Caller caller, UUID id) {
        return store.find(caller.tenantId(), id).orElseThrow(() -> new NotFoundException("job", id));
    }

    public List<Job> list(Caller caller, JobQuery query, int limit) {
        return store.list(caller.tenantId(), query, limit);
    }

    /**
     * Cancels a queued or running job: a queued job never starts, a running one has its backend call aborted.
     * Canceling a canceled job returns it unchanged; a job that ended otherwise is a conflict.
     */
    public Job cancel(Caller caller, UUID id) {
        Job job = store.cancel(caller.tenantId(), id, now()).orElseThrow(() -> new NotFoundException("job", id));
        if (job.status() != JobStatus.CANCELED) {
            throw new JobAlreadyFinalException(id, job.status());
        }
        cancellations.cancel(id);
        changed(job);
        return job;
    }

    public void onEvent(JobEvent event) {
        try (var ignored = JobLogContext.of(event.jobId())) {
            store.apply(event).ifPresentOrElse(this::changed,
                    () -> LOG.warn("event {} for unknown job {} ignored", event.status(), event.jobId()));
        }
    }

    /** Ends jobs that waited past their ttl or ran past their deadline, whether or not a worker ever saw them. */
    public void expireOverdue() {
        store.expireOverdue(now()).forEach(this::changed);
    }

    private void changed(Job job) {
        cache.put(job);
        updates.publish(new JobUpdates.Change(job.id(), job.tenantId(), job.status()));
        if (job.status().isFinal()) {
            rateLimiter.jobEnded(job);
            budgets.settle(job);
        }
    }

    /** PostgreSQL keeps microseconds: what the API answers at once equals what later reads return. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
