package io.inferline.modelmgmt.application;

import io.inferline.common.error.InferlineException;
import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.List;

/** The change would leave the registry inconsistent, such as deleting a model an alias still routes to (409). */
public class RegistryConflictException extends InferlineException {

    public RegistryConflictException(String field, String reason) {
        super(409, "registry-conflict", "Registry conflict", field + ": " + reason, List.of(new FieldError(field, reason)));
    }
}
