package io.inferline.api.application.sync;

import io.inferline.api.domain.ModelRoute;

/**
 * Receives the pieces of text of a streamed answer as the backend produces them, with the route producing them
 * (the first piece fixes it: no fallback happens after it). Called from the thread running the call.
 */
@FunctionalInterface
public interface SyncListener {

    SyncListener NONE = (servedBy, piece) -> { };

    void piece(ModelRoute servedBy, String piece);
}
