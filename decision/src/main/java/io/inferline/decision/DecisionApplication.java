package io.inferline.decision;

import io.micronaut.runtime.Micronaut;

public final class DecisionApplication {

    private DecisionApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(DecisionApplication.class, args);
    }
}
