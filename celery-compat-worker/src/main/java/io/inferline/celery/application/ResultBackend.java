package io.inferline.celery.application;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Celery's Redis result backend, and a place to park job events that arrive before their task is known. */
public interface ResultBackend {

    /** SET {@code celery-task-meta-<taskId>} with the backend's TTL and PUBLISH it on the channel of that name. */
    void store(String taskId, String meta);

    /** Keeps a final job event for a job no task is known for yet (it may be one being submitted right now). */
    void parkEvent(UUID jobId, String event, Duration keepFor);

    /** Takes a parked event for the job, if there is one. */
    Optional<String> takeParkedEvent(UUID jobId);
}
