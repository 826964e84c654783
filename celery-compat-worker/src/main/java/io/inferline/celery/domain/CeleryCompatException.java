package io.inferline.celery.domain;

/** Root of the failures this worker names; each subclass says what went wrong with a task or message. */
public abstract class CeleryCompatException extends RuntimeException {

    protected CeleryCompatException(String message) {
        super(message);
    }

    protected CeleryCompatException(String message, Throwable cause) {
        super(message, cause);
    }
}
