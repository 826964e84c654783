package io.inferline.contracts.v1.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * The answer of {@code POST /v1/completions} ({@code object} {@code text_completion}), whole or, streamed, one
 * piece of text per event (the last with the finish reason).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TextCompletion(String id, String object, long created, String model,
                             @JsonInclude(JsonInclude.Include.ALWAYS) List<Choice> choices,
                             @Nullable OpenAiUsage usage) {

    public static final String OBJECT = "text_completion";

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(String text, int index, @Nullable Object logprobs, @Nullable String finishReason) {
    }
}
