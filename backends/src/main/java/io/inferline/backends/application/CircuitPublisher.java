package io.inferline.backends.application;

import io.inferline.backends.domain.ServedVersion;

import java.time.Instant;
import java.util.Collection;

/**
 * Tells the routers that an endpoint's circuit opened or closed, for the model versions served there, so they fall
 * back to another version while it is open. Best effort: a publisher that cannot reach its store logs and carries on.
 */
public interface CircuitPublisher {

    void opened(Collection<ServedVersion> versions, Instant until);

    void closed(Collection<ServedVersion> versions);
}
