package io.inferline.inference;

import io.inferline.common.runtime.ServiceMain;

public final class InferenceApplication {

    private InferenceApplication() {
    }

    public static void main(String[] args) {
        ServiceMain.run(InferenceApplication.class, args);
    }
}
