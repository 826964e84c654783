package io.inferline.contracts.v1.openai;

import io.inferline.contracts.v1.jobs.Usage;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** Tokens of one OpenAI-compatible call, as OpenAI reports them. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OpenAiUsage(int promptTokens, int completionTokens, int totalTokens) {

    public static OpenAiUsage of(Usage usage) {
        return usage == null ? null : new OpenAiUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }
}
