package io.inferline.api.domain;

import io.inferline.contracts.v1.jobs.JobStatus;

import java.util.Locale;
import java.util.Optional;

/** What a webhook can be told about a job; callers filter by the lowercase name. */
public enum WebhookEvent {
    START("job.started"), OUTPUT("job.output"), COMPLETED("job.completed");

    private final String type;

    WebhookEvent(String type) {
        this.type = type;
    }

    /** The {@code type} of the delivered payload, e.g. {@code job.completed}. */
    public String type() {
        return type;
    }

    public String filterName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event a change of state to {@code status} is, if any (queued is not one). */
    public static Optional<WebhookEvent> forStatus(JobStatus status) {
        if (status == JobStatus.RUNNING) {
            return Optional.of(START);
        }
        return status.isFinal() ? Optional.of(COMPLETED) : Optional.empty();
    }
}
