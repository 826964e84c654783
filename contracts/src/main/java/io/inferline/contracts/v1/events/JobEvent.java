package io.inferline.contracts.v1.events;

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
 * apply it only when it moves the job forward ({@link JobStatus#canMoveTo}).
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
        Instant occurredAt) {

    public static JobEvent running(JobRequested job, Instant at) {
        return new JobEvent(job.jobId(), job.tenantId(), JobStatus.RUNNING, job.attempt(), null, null, null, at);
    }

    public static JobEvent succeeded(JobRequested job, Map<String, Object> output, @Nullable Usage usage, Instant at) {
        return new JobEvent(job.jobId(), job.tenantId(), JobStatus.SUCCEEDED, job.attempt(), output, usage, null, at);
    }

    /** A final state without output: failed, canceled or expired, with why. */
    public static JobEvent ended(JobRequested job, JobStatus status, JobError error, Instant at) {
        if (!status.isFinal() || status == JobStatus.SUCCEEDED) {
            throw new IllegalArgumentException(status + " is not an unsuccessful final state");
        }
        return new JobEvent(job.jobId(), job.tenantId(), status, job.attempt(), null, null, error, at);
    }
}
