package io.inferline.celery;

import io.micronaut.runtime.Micronaut;

public final class CeleryCompatApplication {

    private CeleryCompatApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(CeleryCompatApplication.class, args);
    }
}
