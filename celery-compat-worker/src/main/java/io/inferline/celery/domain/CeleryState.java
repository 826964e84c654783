package io.inferline.celery.domain;

/** The task states of Celery's result backend that this worker writes ({@code celery.states}). */
public enum CeleryState {
    /** The job succeeded; the result is its output. */
    SUCCESS,
    /** The task failed: unknown task, bad arguments, a rejected or failed job. */
    FAILURE,
    /** Expired before it started ({@code TaskRevokedError('expired')}) or canceled in Inferline. */
    REVOKED,
    /** The job failed and the task will be tried again; not a ready state, so {@code get()} keeps waiting. */
    RETRY;

    /** Celery's {@code READY_STATES}: only these get a {@code date_done}. */
    public boolean isReady() {
        return this != RETRY;
    }
}
