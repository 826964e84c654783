package io.inferline.modelmgmt;

import io.inferline.common.runtime.ServiceMain;

public final class ModelMgmtApplication {

    private ModelMgmtApplication() {
    }

    public static void main(String[] args) {
        ServiceMain.run(ModelMgmtApplication.class, args);
    }
}
