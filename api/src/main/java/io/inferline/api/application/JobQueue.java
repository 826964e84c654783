package io.inferline.api.application;

import io.inferline.contracts.v1.events.JobRequested;

/** Hands accepted jobs to the workers; returns only once the request is durably stored by the broker. */
public interface JobQueue {

    void enqueue(JobRequested request);
}
