package io.inferline.api.application.sync;

import io.inferline.api.domain.ModelRoute;

import java.util.List;

/**
 * Receives the pieces of text of a streamed answer as the backend produces them, with the route producing them
 * (the first piece fixes it: no fallback happens after it) and the versions that failed before it
 * ({@code model@version}). Called from the thread running the call.
 */
@FunctionalInterface
public interface SyncListener {

    SyncListener NONE = (servedBy, failedOver, piece) -> { };

    void piece(ModelRoute servedBy, List<String> failedOver, String piece);
}
