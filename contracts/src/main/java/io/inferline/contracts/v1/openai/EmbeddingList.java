package io.inferline.contracts.v1.openai;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * The answer of {@code POST /v1/embeddings}: one vector per input, in input order. {@code embedding} is an array of
 * floats, or with {@code encoding_format: base64} the little-endian float32 bytes in base64 (what OpenAI's SDKs ask
 * for by default).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record EmbeddingList(String object, List<Embedding> data, String model, Usage usage) {

    public static final String OBJECT = "list";

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Embedding(String object, int index, Object embedding) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Usage(int promptTokens, int totalTokens) {
    }
}
