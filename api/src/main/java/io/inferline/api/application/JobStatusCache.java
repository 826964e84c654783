package io.inferline.api.application;

import io.inferline.api.domain.Job;

import java.util.Optional;
import java.util.UUID;

/** Hot copy of recent jobs for fast reads. Losing it loses nothing: the store answers instead. */
public interface JobStatusCache {

    Optional<Job> get(String tenantId, UUID id);

    void put(Job job);
}
