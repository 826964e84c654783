package io.inferline.inference.application;

import io.inferline.inference.domain.Execution;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

public interface ExecutionStore {

    /**
     * Records that the attempt starts (again, if an earlier worker died while running it), in one round trip; when
     * the attempt already finished, records nothing and returns how it ended instead.
     */
    Optional<Execution> startUnlessFinished(UUID jobId, int attempt, Instant at);

    void finish(Execution execution);
}
