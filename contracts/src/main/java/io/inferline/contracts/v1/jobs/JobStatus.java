package io.inferline.contracts.v1.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** Lifecycle of a job: {@code queued → running → succeeded | failed | canceled | expired}. */
@Serdeable
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED, EXPIRED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Whether a job in this state may move to {@code next}; events arrive at least once and out of order. */
    public boolean canMoveTo(JobStatus next) {
        return switch (this) {
            case QUEUED -> next != QUEUED;
            case RUNNING -> next.isFinal();
            default -> false;
        };
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
