package io.inferline.celery.domain;

import io.inferline.contracts.v1.jobs.JobStatus;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A job's state as the worker learns it, from a job event or from the API's answer. */
public record JobOutcome(UUID jobId, String tenantId, JobStatus status, Map<String, Object> output, String errorType,
                         String errorMessage, Instant finishedAt) {

    public boolean isFinal() {
        return status.isFinal();
    }

    /** The Celery state this final job state is reported as. */
    public CeleryState celeryState() {
        return switch (status) {
            case SUCCEEDED -> CeleryState.SUCCESS;
            case FAILED -> CeleryState.FAILURE;
            case CANCELED, EXPIRED -> CeleryState.REVOKED;
            default -> throw new IllegalStateException("job " + jobId + " is not final: " + status);
        };
    }

    /**
     * How Celery would report it: a failed job raises {@code JobFailed} naming the job and why; an expired one is
     * revoked as {@code expired} (Celery's word for a task that did not start in time); a canceled one as
     * {@code revoked}, as {@code celery revoke} reports it.
     */
    public CeleryError error() {
        return switch (status) {
            case FAILED -> CeleryError.jobFailed((errorType == null ? "failed" : errorType) + ": "
                    + (errorMessage == null ? "the job failed" : errorMessage) + " (Inferline job " + jobId + ")");
            case EXPIRED -> CeleryError.revoked("expired");
            case CANCELED -> CeleryError.revoked("revoked");
            default -> throw new IllegalStateException("job " + jobId + " did not fail: " + status);
        };
    }
}
