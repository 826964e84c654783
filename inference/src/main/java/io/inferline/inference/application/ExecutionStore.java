package io.inferline.inference.application;

import io.inferline.inference.domain.Execution;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

public interface ExecutionStore {

    Optional<Execution> find(UUID jobId, int attempt);

    /** Records that the attempt started (again, if an earlier worker died while running it). */
    void markRunning(UUID jobId, int attempt, Instant at);

    void finish(Execution execution);
}
