package io.inferline.contracts.v1.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * The answer of {@code POST /v1/chat/completions} ({@code object} {@code chat.completion}). {@code model} is the
 * registry model that served the request: after a fallback, not the one asked for.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices,
                             @Nullable OpenAiUsage usage) {

    public static final String OBJECT = "chat.completion";

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(int index, Message message, String finishReason, @Nullable Object logprobs) {
    }

    /** The assistant's message; {@code toolCalls} only when the model called tools. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Message(String role, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String content,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<Object> toolCalls) {
    }
}
