package io.inferline.inference;

import io.micronaut.runtime.Micronaut;

public final class InferenceApplication {

    private InferenceApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(InferenceApplication.class, args);
    }
}
