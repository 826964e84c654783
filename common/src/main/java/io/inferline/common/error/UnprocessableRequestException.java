package io.inferline.common.error;

import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.List;

/** Well-formed, but a value cannot be honoured, such as a model that does not exist (422). */
public class UnprocessableRequestException extends InferlineException {

    public UnprocessableRequestException(String type, String title, String field, String reason) {
        super(422, type, title, field + ": " + reason, List.of(new FieldError(field, reason)));
    }
}
