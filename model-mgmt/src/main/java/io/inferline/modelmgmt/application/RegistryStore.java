package io.inferline.modelmgmt.application;

import io.inferline.contracts.v1.models.RegistryChange;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Registry entries, the source of truth behind the registry topic. */
public interface RegistryStore {

    /**
     * Stores {@code change} (its revision is one more than the stored one, or 1) and runs {@code publish} with the
     * stored change before the write commits, so concurrent writers of one entry publish in commit order.
     */
    RegistryChange put(RegistryChange change, Instant now, Consumer<RegistryChange> publish);

    /** Deletes the entry, running {@code publish} before the delete commits; false when there was none. */
    boolean delete(String kind, String name, Runnable publish);

    Optional<RegistryChange> find(String kind, String name);

    List<RegistryChange> all();
}
