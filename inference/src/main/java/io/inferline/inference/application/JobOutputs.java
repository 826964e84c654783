package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobOutput;

import java.util.concurrent.CompletableFuture;

/** Publishes pieces of streaming jobs' answers without waiting for the broker: the future says how it went. */
public interface JobOutputs {

    CompletableFuture<?> publish(JobOutput output);
}
