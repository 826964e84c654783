package io.inferline.backends.domain;

import java.util.Map;
import java.util.UUID;

/**
 * One call to a backend: {@code requestId} is the job's id (or the synchronous request's), {@code attempt} starts
 * at 1, {@code model} is the registry's name for it, {@code input} the OpenAI-shaped request body. A backend that
 * streams hands each chunk to {@code chunks} before it returns the whole answer.
 */
public record BackendCall(UUID requestId, int attempt, String model, BackendTarget target, Map<String, Object> input,
                          ChunkListener chunks) {

    public BackendCall {
        input = input == null ? Map.of() : input;
        chunks = chunks == null ? ChunkListener.NONE : chunks;
    }
}
