package io.inferline.routing.domain;

import java.util.Locale;
import java.util.Optional;

public enum GuardAction {
    BLOCK, REDACT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<GuardAction> parse(String value) {
        for (GuardAction action : values()) {
            if (action.wireName().equals(value)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
