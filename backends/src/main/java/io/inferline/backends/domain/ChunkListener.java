package io.inferline.backends.domain;

import java.util.Map;

/** Receives the pieces of a streamed answer as they arrive (one OpenAI-style chunk each). */
@FunctionalInterface
public interface ChunkListener {

    ChunkListener NONE = chunk -> { };

    void onChunk(Map<String, Object> chunk);
}
