package io.inferline.common.error;

import java.time.Duration;

/** A dependency (broker, database) could not take the request; nothing was accepted, the caller may retry. */
public class ServiceUnavailableException extends InferlineException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String detail, Throwable cause) {
        this(detail, cause, null);
    }

    /** {@code retryAfter}: when the caller may try again ({@code Retry-After}), null if unknown. */
    public ServiceUnavailableException(String detail, Throwable cause, Duration retryAfter) {
        super(503, "service-unavailable", "Service unavailable", detail);
        initCause(cause);
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
