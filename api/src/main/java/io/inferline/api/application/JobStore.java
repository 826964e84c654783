package io.inferline.api.application;

import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.events.JobEvent;

import java.util.Optional;
import java.util.UUID;

/** The source of truth for jobs. */
public interface JobStore {

    void insert(Job job);

    void delete(UUID id);

    Optional<Job> find(String tenantId, UUID id);

    /** Applies the event if it moves the job forward; returns the job as stored afterwards, if it exists. */
    Optional<Job> apply(JobEvent event);
}
