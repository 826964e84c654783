package io.inferline.auth.application;

import io.inferline.common.error.InferlineException;
import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.List;

/** A user with this email exists already (emails identify users across tenants at login). */
public class EmailTakenException extends InferlineException {

    public EmailTakenException() {
        super(409, "email-taken", "Email taken", "email: a user with this email exists",
                List.of(new FieldError("email", "a user with this email exists")));
    }
}
