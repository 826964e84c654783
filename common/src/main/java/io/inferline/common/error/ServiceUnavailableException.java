package io.inferline.common.error;

/** A dependency (broker, database) could not take the request; nothing was accepted, the caller may retry. */
public class ServiceUnavailableException extends InferlineException {

    public ServiceUnavailableException(String detail, Throwable cause) {
        super(503, "service-unavailable", "Service unavailable", detail);
        initCause(cause);
    }
}
