package io.inferline.api.application;

import io.inferline.common.error.InferlineException;

/** The Idempotency-Key was used before for a different request. */
public class IdempotencyKeyReusedException extends InferlineException {

    public IdempotencyKeyReusedException() {
        super(409, "idempotency-key-reused", "Idempotency-Key reused",
                "this Idempotency-Key was already used for a different request; use a new key for a new job");
    }
}
