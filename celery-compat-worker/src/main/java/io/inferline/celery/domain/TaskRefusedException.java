package io.inferline.celery.domain;

/**
 * A task request that identifies itself but cannot become a job: an unknown task name, arguments that do not fit,
 * a body that is not JSON. The task fails with {@link #error()}, the way Celery would report it.
 */
public class TaskRefusedException extends CeleryCompatException {

    private final CeleryError error;
    private final String reason;

    /** @param reason short metric label, e.g. {@code not_registered} */
    public TaskRefusedException(String reason, CeleryError error) {
        super(error.toString());
        this.reason = reason;
        this.error = error;
    }

    public CeleryError error() {
        return error;
    }

    public String reason() {
        return reason;
    }
}
