package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Job;
import io.inferline.api.domain.JobSubmission;
import io.inferline.common.error.NotFoundException;
import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.common.id.Uuids;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Accepts jobs, answers for them, and follows their progress from the workers' events. */
@Singleton
public class JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private final ModelCatalog catalog;
    private final JobStore store;
    private final JobQueue queue;
    private final JobStatusCache cache;
    private final Clock clock;

    public JobService(ModelCatalog catalog, JobStore store, JobQueue queue, JobStatusCache cache, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.queue = queue;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * Stores the job, then hands it to the broker with acks=all. Only when both succeeded is the job accepted; if
     * the broker refuses, the row is removed again and the caller gets a 503 (nothing half-accepted stays behind).
     */
    public Job submit(Caller caller, JobSubmission submission) {
        var route = catalog.route(submission.model())
                .orElseThrow(() -> new UnknownModelException(submission.model()));
        // PostgreSQL keeps microseconds; the 202 shows the same instant later reads will
        var job = Job.queued(Uuids.v7(), caller.tenantId(), submission, route,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        store.insert(job);
        try {
            queue.enqueue(new JobRequested(job.id(), job.tenantId(), job.model(), job.backend(), job.pool(),
                    job.input(), job.attempt(), job.createdAt()));
        } catch (RuntimeException e) {
            store.delete(job.id());
            throw new ServiceUnavailableException("the job queue did not accept the job; nothing was stored", e);
        }
        cache.put(job);
        return job;
    }

    public Job get(Caller caller, UUID id) {
        return cache.get(caller.tenantId(), id)
                .or(() -> store.find(caller.tenantId(), id))
                .orElseThrow(() -> new NotFoundException("job", id));
    }

    public void onEvent(JobEvent event) {
        store.apply(event).ifPresentOrElse(cache::put,
                () -> LOG.warn("event {} for unknown job {} ignored", event.status(), event.jobId()));
    }
}
