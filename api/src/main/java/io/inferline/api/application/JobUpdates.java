package io.inferline.api.application;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tells every API replica that a job changed, so long-polls and event streams wake wherever they wait; the
 * replica that applied the change is usually not the one holding the request.
 */
public interface JobUpdates {

    /** A job changed: which one, and whose (tenant streams pick their own without reading every job). */
    record Change(UUID jobId, String tenantId) {
    }

    void publish(Change change);

    /** Calls {@code listener} for every job that changed anywhere, on a thread it must not block. */
    void subscribe(Consumer<Change> listener);
}
