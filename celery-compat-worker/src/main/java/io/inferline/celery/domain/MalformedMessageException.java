package io.inferline.celery.domain;

/** A message that is not a Celery task request at all: no task id to report a result under. */
public class MalformedMessageException extends CeleryCompatException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
