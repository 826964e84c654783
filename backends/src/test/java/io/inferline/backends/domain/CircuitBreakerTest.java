package io.inferline.backends.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {

    private final MutableClock clock = new MutableClock();
    private final CircuitBreaker breaker = new CircuitBreaker(
            new CircuitBreaker.Settings(3, 0.5, 10, 6, Duration.ofSeconds(30)), clock);

    @Test
    void opensAfterConsecutiveFailuresAndRefusesUntilTheOpenTimePassed() {
        fail(2);
        assertTrue(breaker.tryAcquire());
        assertEquals(CircuitBreaker.Transition.OPENED, breaker.onFailure());

        assertFalse(breaker.tryAcquire());
        clock.advance(Duration.ofSeconds(29));
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        fail(2);
        breaker.onSuccess();
        fail(2);

        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void opensOnTheFailureRateOnceEnoughCallsWereSeen() {
        for (int i = 0; i < 3; i++) {
            breaker.onSuccess();
            breaker.onFailure();
        }

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    @Test
    void halfOpenLetsOneProbeThroughWhoseSuccessCloses() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));

        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire(), "only one probe at a time");
        assertEquals(CircuitBreaker.Transition.CLOSED, breaker.onSuccess());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aFailedProbeOpensAgain() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(breaker.tryAcquire());

        assertEquals(CircuitBreaker.Transition.OPENED, breaker.onFailure());
        assertFalse(breaker.tryAcquire());
        assertEquals(clock.instant().plusSeconds(30), breaker.openUntil());
    }

    @Test
    void anAbandonedProbeFreesTheWayForAnother() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(breaker.tryAcquire());

        breaker.onAbandoned();

        assertTrue(breaker.tryAcquire());
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breaker.onFailure();
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
