package io.inferline.common.error;

import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.time.Duration;
import java.util.List;

/**
 * The one root of every failure Inferline reports to a caller. Each subclass names the failure, fixes its HTTP
 * status and problem type; {@link ProblemExceptionHandler} turns it into {@code application/problem+json}.
 */
public abstract class InferlineException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> fieldErrors;

    protected InferlineException(int status, String type, String title, String detail, List<FieldError> fieldErrors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    protected InferlineException(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public int status() {
        return status;
    }

    /** Problem type slug, appended to {@link io.inferline.contracts.v1.problem.Problem#TYPE_BASE}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** When the caller may try again ({@code Retry-After}), if that is known. */
    public Duration retryAfter() {
        return null;
    }
}
