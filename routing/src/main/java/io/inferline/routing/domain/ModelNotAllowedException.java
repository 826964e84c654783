package io.inferline.routing.domain;

import io.inferline.common.error.InferlineException;
import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.List;

/** The tenant may not use the model or alias it asked for (403). */
public class ModelNotAllowedException extends InferlineException {

    public ModelNotAllowedException(String tenant, String model, String why) {
        super(403, "model-not-allowed", "Model not allowed", "tenant '" + tenant + "' may not use '" + model + "': " + why,
                List.of(new FieldError("model", "tenant may not use '" + model + "': " + why)));
    }
}
