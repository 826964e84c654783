package io.inferline.api.application.sync;

import io.inferline.common.error.InferlineException;
import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.List;

/** An OpenAI-compatible call named a model or alias that does not exist: 404, as OpenAI answers it. */
public class ModelNotFoundException extends InferlineException {

    public ModelNotFoundException(String model) {
        super(404, "model-not-found", "Model not found", "the model '" + model + "' does not exist",
                List.of(new FieldError("model", "no model or alias has this name")));
    }
}
