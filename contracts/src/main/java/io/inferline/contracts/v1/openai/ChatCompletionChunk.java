package io.inferline.contracts.v1.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * One server-sent event of a streamed chat completion ({@code object} {@code chat.completion.chunk}): the first
 * carries the role, the next ones pieces of content, the last the finish reason; with
 * {@code stream_options.include_usage} a final chunk with no choices carries the usage.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ChatCompletionChunk(String id, String object, long created, String model,
                                  @JsonInclude(JsonInclude.Include.ALWAYS) List<Choice> choices,
                                  @Nullable OpenAiUsage usage) {

    public static final String OBJECT = "chat.completion.chunk";

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Choice(int index, Delta delta, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String finishReason) {
    }

    /** What this chunk adds: the role (first chunk only) and a piece of content; both absent in the last chunk. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(@Nullable String role, @Nullable String content) {
    }
}
