package io.inferline.contracts.v1.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;
import java.util.Optional;

/** How urgently a job should run, relative to the other jobs of its pool. */
@Serdeable
public enum Priority {
    HIGH, NORMAL, LOW;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Priority fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The priority a wire name stands for, if any. */
    public static Optional<Priority> parse(String value) {
        for (Priority priority : values()) {
            if (priority.wireName().equals(value)) {
                return Optional.of(priority);
            }
        }
        return Optional.empty();
    }
}
