package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobEvent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Publishes job events (acks=all); one job's events reach the broker in the order they were sent. */
public interface JobEvents {

    /** Sends the event without waiting; the future completes once the broker has it. */
    CompletableFuture<?> send(JobEvent event);

    /** Sends the event and returns once the broker has it. */
    default void publish(JobEvent event) throws InterruptedException {
        awaitAll(send(event));
    }

    /** Returns once the broker has every one of these events; throws the first failure of any. */
    static void awaitAll(CompletableFuture<?>... sends) throws InterruptedException {
        try {
            CompletableFuture.allOf(sends).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }
}
