package io.inferline.auth;

import io.inferline.common.runtime.ServiceMain;

public final class AuthApplication {

    private AuthApplication() {
    }

    public static void main(String[] args) {
        ServiceMain.run(AuthApplication.class, args);
    }
}
