package io.inferline.routing.application;

import io.inferline.routing.domain.RegistrySnapshot;

import java.time.Duration;

/** The registry as this process knows it now: kept current from the registry topic. */
public interface RegistryView {

    RegistrySnapshot current();

    /** Whether the view has read the registry topic up to where it ended at start-up, waiting up to {@code timeout}. */
    boolean awaitLoaded(Duration timeout) throws InterruptedException;
}
