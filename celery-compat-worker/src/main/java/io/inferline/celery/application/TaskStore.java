package io.inferline.celery.application;

import io.inferline.celery.domain.TaskRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tasks this worker accepted and the jobs they became (PostgreSQL schema {@code celery}). */
public interface TaskStore {

    /** The stored task: {@code record} if it was new, else the one stored earlier for its task id. */
    record Stored(TaskRecord record, boolean inserted) {
    }

    Stored insertIfAbsent(TaskRecord record, Instant at);

    /** Replaces the stored task with a new attempt of it (Celery retried it: a higher retry count). */
    TaskRecord replace(TaskRecord record, Instant at);

    /** Records the job the API accepted for a task being submitted. */
    void markSubmitted(String taskId, UUID jobId, Instant at);

    Optional<TaskRecord> findByJob(UUID jobId);

    /**
     * Marks the task finished with {@code resultState}, if it is not yet and still waits for {@code jobId} (null:
     * for no job, i.e. it ended before one was accepted). Whether this call finished it.
     */
    boolean markFinished(String taskId, UUID jobId, String resultState, Instant at);

    /** Schedules a new attempt of a task whose job {@code failedJobId} failed; whether this call did. */
    boolean scheduleRetry(String taskId, UUID failedJobId, int retries, String jobRequest, Instant dueAt, Instant at);

    /**
     * Claims up to {@code limit} tasks to submit now: scheduled ones that are due, and ones left being submitted
     * since before {@code staleBefore} (their worker died or gave up).
     */
    List<TaskRecord> claimDue(Instant now, Instant staleBefore, int limit);

    /** Hands a claimed task back, to be submitted at {@code dueAt}. */
    void release(String taskId, Instant dueAt, Instant at);

    /** Submitted tasks with no result since before {@code before}, oldest first. */
    List<TaskRecord> unresolved(Instant before, int limit);

    void touch(String taskId, Instant at);

    int deleteFinished(Instant before);
}
