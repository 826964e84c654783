package io.inferline.contracts.v1.events;

import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
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
        @Nullable JobError error,
        Instant occurredAt) {

    public static JobEvent running(JobRequested job, Instant at) {
        return new JobEvent(job.jobId(), job.tenantId(), JobStatus.RUNNING, job.attempt(), null, null, at);
    }

    public static JobEvent succeeded(JobRequested job, Map<String, Object> output, Instant at) {
        return new JobEvent(job.jobId(), job.tenantId(), JobStatus.SUCCEEDED, job.attempt(), output, null, at);
    }

    public static JobEvent failed(JobRequested job, JobError error, Instant at) {
        return new JobEvent(job.jobId(), job.tenantId(), JobStatus.FAILED, job.attempt(), null, error, at);
    }
}
