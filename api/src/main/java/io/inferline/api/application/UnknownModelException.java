package io.inferline.api.application;

import io.inferline.common.error.UnprocessableRequestException;

public class UnknownModelException extends UnprocessableRequestException {

    public UnknownModelException(String model) {
        super("unknown-model", "Unknown model", "model", "no model named '" + model + "' is available");
    }
}
