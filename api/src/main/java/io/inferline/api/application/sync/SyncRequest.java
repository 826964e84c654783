package io.inferline.api.application.sync;

import java.util.Map;

/**
 * A validated OpenAI-compatible call: the endpoint's task, the model or alias asked for, the body as the backend
 * gets it (without {@code model}, {@code stream} and {@code stream_options}), whether to stream, and the key that
 * keeps a caller on one side of a split (OpenAI's {@code user} field; null: the tenant).
 */
public record SyncRequest(SyncTask task, String model, Map<String, Object> input, boolean stream,
                          String stickyKey) {

    public SyncRequest {
        input = Map.copyOf(input);
    }
}
