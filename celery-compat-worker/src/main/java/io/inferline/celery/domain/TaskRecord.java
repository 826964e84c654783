package io.inferline.celery.domain;

import io.inferline.common.crypto.Sha256;

import java.time.Instant;
import java.util.UUID;

/**
 * A task this worker accepted, as it keeps it: the job request it submits (fixed when the task arrived, so every
 * resubmission is byte-identical and the API's idempotency returns the same job), and the job it became.
 *
 * @param jobRequest body of {@code POST /v1/jobs}
 * @param dueAt      submit no earlier than this
 * @param expiresAt  the task's {@code expires}: not started by then, it is revoked as expired
 * @param jobId      the job, once the API accepted it
 */
public record TaskRecord(TaskContext context, TaskState state, String jobRequest, Instant dueAt, Instant expiresAt,
                         UUID jobId) {

    public String taskId() {
        return context.taskId();
    }

    /**
     * The job's {@code Idempotency-Key}: the task id, or with a retry count when Celery retried the task (a retry
     * is a new job). Ids the API cannot take as a key (over 255 characters, or not visible ASCII) go by their hash.
     */
    public String idempotencyKey() {
        String key = context.retries() == 0 ? context.taskId() : context.taskId() + "#retry-" + context.retries();
        if (key.matches("[\\x21-\\x7E]{1,255}")) {
            return key;
        }
        return "celery-sha256-" + Sha256.hex(key);
    }

    public TaskRecord withJob(UUID job) {
        return new TaskRecord(context, TaskState.SUBMITTED, jobRequest, dueAt, expiresAt, job);
    }
}
