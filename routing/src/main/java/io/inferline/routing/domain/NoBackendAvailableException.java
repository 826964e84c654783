package io.inferline.routing.domain;

import io.inferline.common.error.InferlineException;

/** Every version that could serve the request is draining, disabled or has its circuit open (503). */
public class NoBackendAvailableException extends InferlineException {

    public NoBackendAvailableException(String model, String why) {
        super(503, "no-backend-available", "No backend available", "nothing can serve '" + model + "' now: " + why);
    }
}
