package io.inferline.api.adapter.redis;

import io.inferline.api.domain.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The grants this replica read from the key directory, by key hash. One answers in place of the directory while it
 * is younger than the maximum age, and while Redis is away for as long as the outage allowance; never past the
 * grant's own expiry. A change notice drops the named grants at once.
 * <p>
 * A read can overtake a change: the directory answers the old grant, the notice arrives and drops the key, and only
 * then would the old grant be remembered, for a whole maximum age. So every notice moves a generation on, and a read
 * is kept only if the generation taken before it was sent is still current once it is stored.
 */
final class RememberedGrants {

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Duration maxAge;
    private final Duration outageAllowance;
    private final int capacity;

    RememberedGrants(Duration maxAge, Duration outageAllowance, int capacity) {
        this.maxAge = maxAge;
        this.outageAllowance = outageAllowance;
        this.capacity = capacity;
    }

    record Grant(Caller caller, Instant expiresAt, Instant read) {

        private boolean usableAt(Instant now, Duration age) {
            return now.isBefore(read.plus(age)) && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** A grant to use instead of asking the directory. */
    Optional<Caller> fresh(String hash, Instant now) {
        Grant grant = grants.get(hash);
        return grant != null && grant.usableAt(now, maxAge) ? Optional.of(grant.caller()) : Optional.empty();
    }

    /** A grant to use while the directory cannot be reached. */
    Optional<Grant> duringOutage(String hash, Instant now) {
        Grant grant = grants.get(hash);
        return grant != null && grant.usableAt(now, outageAllowance) ? Optional.of(grant) : Optional.empty();
    }

    /** Taken before a directory read is sent, and handed to {@link #remember} with its answer. */
    long generation() {
        return generation.get();
    }

    /** Stores what a read sent at {@code readAt} found, unless a change notice arrived since {@code generation}. */
    void remember(String hash, Caller caller, Instant expiresAt, Instant readAt, long generation) {
        if (grants.size() >= capacity && !grants.containsKey(hash)) {
            return;
        }
        var grant = new Grant(caller, expiresAt, readAt);
        grants.put(hash, grant);
        // Checked after the put: a notice either moved the generation before this check, or drops the grant after it.
        if (this.generation.get() != generation) {
            grants.remove(hash, grant);
        }
    }

    /** The directory has no grant for the key. */
    void forget(String hash) {
        grants.remove(hash);
    }

    /** A change notice: the named grants were rewritten or deleted. */
    void changed(Collection<String> hashes) {
        generation.incrementAndGet();
        hashes.forEach(grants::remove);
    }
}
