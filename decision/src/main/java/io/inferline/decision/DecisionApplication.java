package io.inferline.decision;

import io.inferline.common.runtime.ServiceMain;

public final class DecisionApplication {

    private DecisionApplication() {
    }

    public static void main(String[] args) {
        ServiceMain.run(DecisionApplication.class, args);
    }
}
