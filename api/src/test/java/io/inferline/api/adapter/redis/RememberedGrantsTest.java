package io.inferline.api.adapter.redis;

import io.inferline.api.domain.Caller;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RememberedGrantsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Caller CALLER = new Caller("tenant", "key", Set.of("jobs:read"));

    private final RememberedGrants grants = new RememberedGrants(Duration.ofSeconds(1), Duration.ofMinutes(15), 2);

    @Test
    void aGrantAnswersUntilItsMaximumAgeThenOnlyDuringAnOutage() {
        grants.remember("a", CALLER, null, T0, grants.generation());

        assertEquals(Optional.of(CALLER), grants.fresh("a", T0.plusMillis(999)));
        assertEquals(Optional.empty(), grants.fresh("a", T0.plusSeconds(1)));
        assertEquals(CALLER, grants.duringOutage("a", T0.plusSeconds(899)).orElseThrow().caller());
        assertEquals(Optional.empty(), grants.duringOutage("a", T0.plusSeconds(900)));
    }

    @Test
    void neverPastTheGrantsExpiry() {
        grants.remember("a", CALLER, T0.plusMillis(500), T0, grants.generation());

        assertEquals(Optional.of(CALLER), grants.fresh("a", T0.plusMillis(499)));
        assertEquals(Optional.empty(), grants.fresh("a", T0.plusMillis(500)));
        assertEquals(Optional.empty(), grants.duringOutage("a", T0.plusMillis(500)));
    }

    @Test
    void aChangeNoticeDropsTheNamedGrantsAtOnceEvenForAnOutage() {
        grants.remember("a", CALLER, null, T0, grants.generation());
        grants.remember("b", CALLER, null, T0, grants.generation());

        grants.changed(List.of("a"));

        assertEquals(Optional.empty(), grants.fresh("a", T0));
        assertEquals(Optional.empty(), grants.duringOutage("a", T0));
        assertEquals(Optional.of(CALLER), grants.fresh("b", T0));
    }

    @Test
    void aReadOvertakenByAChangeNoticeIsNotRemembered() {
        long beforeRead = grants.generation();
        grants.changed(List.of("a"));

        grants.remember("a", CALLER, null, T0, beforeRead);

        assertEquals(Optional.empty(), grants.fresh("a", T0));
        grants.remember("a", CALLER, null, T0, grants.generation());
        assertEquals(Optional.of(CALLER), grants.fresh("a", T0), "a read sent after the notice is remembered");
    }

    @Test
    void aKeyTheDirectoryNoLongerHasIsForgotten() {
        grants.remember("a", CALLER, null, T0, grants.generation());

        grants.forget("a");

        assertTrue(grants.duringOutage("a", T0).isEmpty());
    }

    @Test
    void beyondItsCapacityNewKeysAreNotRememberedButKnownOnesAreRenewed() {
        grants.remember("a", CALLER, null, T0, grants.generation());
        grants.remember("b", CALLER, null, T0, grants.generation());
        grants.remember("c", CALLER, null, T0, grants.generation());
        grants.remember("a", CALLER, null, T0.plusSeconds(5), grants.generation());

        assertEquals(Optional.empty(), grants.fresh("c", T0));
        assertEquals(Optional.of(CALLER), grants.fresh("a", T0.plusSeconds(5)));
    }
}
