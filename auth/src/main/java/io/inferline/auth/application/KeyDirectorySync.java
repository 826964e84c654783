package io.inferline.auth.application;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Copies the keys from the database to the shared directory. Runs at start-up and then every few seconds, so a
 * directory that lost entries (a Redis restart, eviction) heals itself; revocations are also removed at once.
 */
@Singleton
public class KeyDirectorySync {

    private final IdentityStore store;
    private final KeyDirectory directory;
    private final Clock clock;

    public KeyDirectorySync(IdentityStore store, KeyDirectory directory, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${inferline.auth.key-sync-interval:10s}", initialDelay = "${inferline.auth.key-sync-interval:10s}")
    public void sync() {
        directory.publish(store.activeKeys(clock.instant()));
        directory.remove(store.inactiveKeyHashes(clock.instant()));
    }
}
