package io.inferline.auth;

import io.micronaut.runtime.Micronaut;

public final class AuthApplication {

    private AuthApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(AuthApplication.class, args);
    }
}
