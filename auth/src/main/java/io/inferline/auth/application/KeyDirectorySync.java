package io.inferline.auth.application;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/**
 * Copies the keys from the database to the shared directory. Runs at start-up and then every few seconds, so a
 * directory that lost entries (a Redis restart, eviction) heals itself and revocations spread quickly.
 */
@Singleton
public class KeyDirectorySync {

    private final IdentityStore store;
    private final KeyDirectory directory;

    public KeyDirectorySync(IdentityStore store, KeyDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    @Scheduled(fixedDelay = "${inferline.auth.key-sync-interval:10s}", initialDelay = "${inferline.auth.key-sync-interval:10s}")
    public void sync() {
        directory.publish(store.activeKeys());
        directory.remove(store.revokedKeyHashes());
    }
}
