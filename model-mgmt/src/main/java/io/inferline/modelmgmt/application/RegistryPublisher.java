package io.inferline.modelmgmt.application;

import io.inferline.contracts.v1.models.RegistryChange;

/** Puts registry entries on the compacted registry topic, waiting for the broker's acknowledgement. */
public interface RegistryPublisher {

    void publish(RegistryChange change);

    void publishDeletion(String kind, String name);
}
