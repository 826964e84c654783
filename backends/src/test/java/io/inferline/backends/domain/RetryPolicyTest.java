package io.inferline.backends.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(20));

    @Test
    void retryAfterInSecondsIsHonoured() {
        assertEquals(Duration.ofSeconds(3), policy.delay(1, "3", clock, new SplittableRandom(1)));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        assertEquals(Duration.ofSeconds(7), policy.delay(1, "Sun, 01 Nov 2026 10:00:07 GMT", clock, new SplittableRandom(1)));
    }

    @Test
    void retryAfterIsCapped() {
        assertEquals(Duration.ofSeconds(20), policy.delay(1, "3600", clock, new SplittableRandom(1)));
    }

    @Test
    void withoutRetryAfterTheWaitIsAFullJitterOfAnExponentialCeiling() {
        var random = new SplittableRandom(42);
        long maxSeen = 0;
        for (int i = 0; i < 1000; i++) {
            long first = policy.delay(1, null, clock, random).toMillis();
            long fourth = policy.delay(4, "not a date", clock, random).toMillis();
            long tenth = policy.delay(10, null, clock, random).toMillis();
            assertTrue(first >= 0 && first <= 100, "first " + first);
            assertTrue(fourth >= 0 && fourth <= 800, "fourth " + fourth);
            assertTrue(tenth <= 1000, "tenth " + tenth);
            maxSeen = Math.max(maxSeen, tenth);
        }
        assertTrue(maxSeen > 500, "the ceiling grows: " + maxSeen);
    }
}
