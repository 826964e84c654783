package io.inferline.modelmgmt;

import io.micronaut.runtime.Micronaut;

public final class ModelMgmtApplication {

    private ModelMgmtApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ModelMgmtApplication.class, args);
    }
}
