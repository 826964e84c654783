package io.inferline.contracts.v1.jobs;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** Tokens a backend reports for one job. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Usage(int promptTokens, int completionTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
