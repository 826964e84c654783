package io.inferline.api.domain;

import java.util.Map;

/** A validated request to run {@code input} on {@code model}. */
public record JobSubmission(String model, Map<String, Object> input) {

    public JobSubmission {
        input = Map.copyOf(input);
    }
}
