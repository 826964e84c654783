package io.inferline.api.application;

import io.inferline.contracts.v1.events.JobOutput;

import java.util.function.Consumer;

/**
 * Hands the pieces of streaming jobs' answers to every API replica: the replica that consumes a piece is usually
 * not the one holding the job's event stream. Best effort: a piece lost here is in the job's final output anyway.
 */
public interface JobOutputRelay {

    void publish(JobOutput output);

    /** Calls {@code listener} for every piece relayed anywhere, on a thread it must not block. */
    void subscribe(Consumer<JobOutput> listener);
}
