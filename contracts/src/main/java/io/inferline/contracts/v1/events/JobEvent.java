package io.inferline.contracts.v1.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Usage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job's state change, on {@link Topics#JOB_EVENTS}, keyed by job id. Delivered at least once; consumers
 * apply it only when it moves the job forward ({@link JobStatus#canMoveTo}). {@code metadata} is the job's
 * metadata, so a consumer can tell its own jobs from others without a lookup; it is absent (null, not empty) in
 * events of requests queued before it was carried, where a consumer cannot tell.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobEvent(
        UUID jobId,
        String tenantId,
        JobStatus status,
        int attempt,
        @Nullable Map<String, Object> output,
        @Nullable Usage usage,
        @Nullable JobError error,
        Instant occurredAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Map<String, String> metadata) {

    public static JobEvent running(JobRequested job, Instant at) {
        return new JobEvent(job.jobId(), job.tenantId(), JobStatus.RUNNING, job.attempt(), null, null, null, at,
                job.metadata());
    }

    public static JobEvent succeeded(JobRequested job, Map<String, Object> output, @Nullable Usage usage, Instant at) {
        return new JobEvent(job.jobId(), job.tenantId(), JobStatus.SUCCEEDED, job.attempt(), output, usage, null, at,
                job.metadata());
    }

    /** A final state without output: failed, canceled or expired, with why. */
    public static JobEvent ended(JobRequested job, JobStatus status, JobError error, Instant at) {
        if (!status.isFinal() || status == JobStatus.SUCCEEDED) {
            throw new IllegalArgumentException(status + " is not an unsuccessful final state");
        }
        return new JobEvent(job.jobId(), job.tenantId(), status, job.attempt(), null, null, error, at,
                job.metadata());
    }
}
