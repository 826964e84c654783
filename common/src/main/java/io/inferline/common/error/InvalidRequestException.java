package io.inferline.common.error;

import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.List;

/** The request is malformed or a field has the wrong type or shape (400), naming every field at fault. */
public class InvalidRequestException extends InferlineException {

    public InvalidRequestException(List<FieldError> errors) {
        super(400, "invalid-request", "Invalid request", describe(errors), errors);
    }

    public InvalidRequestException(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    static String describe(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.reason()).reduce((a, b) -> a + "; " + b).orElse("");
    }
}
