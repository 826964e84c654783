package io.inferline.celery.domain;

import java.util.Locale;

/** Where a task stands in this worker: {@code scheduled → submitting → submitted → finished}. */
public enum TaskState {
    /** Accepted and stored; submitted as a job once {@code due_at} comes (an eta, or a retry). */
    SCHEDULED,
    /** Being submitted to the API; a row left here by a worker that died is submitted again. */
    SUBMITTING,
    /** The API accepted the job; waiting for its final event. */
    SUBMITTED,
    /** Its result is written (or was not wanted). */
    FINISHED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
