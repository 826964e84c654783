package io.inferline.api.domain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a delivery again: the n-th entry is the wait before attempt n+1 (the first is normally zero), each
 * spread by ±10 % so that receivers coming back from an outage are not hit by every retry at once.
 */
public record RetrySchedule(List<Duration> waits) {

    public static final RetrySchedule STANDARD = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24)));

    public RetrySchedule {
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one attempt");
        }
        waits = List.copyOf(waits);
    }

    public int attempts() {
        return waits.size();
    }

    /** The wait before the attempt after {@code attemptsMade}, or null when the schedule is used up. */
    public Duration waitAfter(int attemptsMade) {
        if (attemptsMade >= waits.size()) {
            return null;
        }
        Duration wait = waits.get(attemptsMade);
        long millis = wait.toMillis();
        long spread = millis / 10;
        return spread == 0 ? wait : Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(-spread, spread + 1));
    }
}
