package io.inferline.api.application;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tells every API replica that a job changed, so long-polls and event streams wake wherever they wait; the
 * replica that applied the change is usually not the one holding the request.
 */
public interface JobUpdates {

    void publish(UUID jobId);

    /** Calls {@code listener} for every job that changed anywhere, on a thread it must not block. */
    void subscribe(Consumer<UUID> listener);
}
