package io.inferline.api.application;

import io.inferline.contracts.v1.jobs.JobStatus;
import io.micronaut.core.annotation.Nullable;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tells every API replica that a job changed, so long-polls and event streams wake wherever they wait; the
 * replica that applied the change is usually not the one holding the request.
 */
public interface JobUpdates {

    /**
     * A job changed: which one, whose (tenant streams pick their own without reading every job), and its status
     * now (a long-poll waiting for a final state need not read a job that is still running); the tenant or status
     * is null when the sender did not say, and listeners then read the job.
     */
    record Change(UUID jobId, @Nullable String tenantId, @Nullable JobStatus status) {
    }

    void publish(Change change);

    /** Calls {@code listener} for every job that changed anywhere, on a thread it must not block. */
    void subscribe(Consumer<Change> listener);
}
