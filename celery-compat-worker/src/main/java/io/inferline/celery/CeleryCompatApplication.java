package io.inferline.celery;

import io.inferline.common.runtime.ServiceMain;

public final class CeleryCompatApplication {

    private CeleryCompatApplication() {
    }

    public static void main(String[] args) {
        ServiceMain.run(CeleryCompatApplication.class, args);
    }
}
