package io.inferline.api;

import io.micronaut.runtime.Micronaut;

public final class ApiApplication {

    private ApiApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ApiApplication.class, args);
    }
}
