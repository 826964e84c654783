package io.inferline.backends.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt: the upstream's {@code Retry-After} when it sent one (capped at
 * {@code maxRetryAfter}), else exponential backoff with full jitter, a random wait between zero and
 * {@code min(maxBackoff, initialBackoff * 2^(attempt - 1))}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** The wait after failed attempt {@code attempt} (1-based); {@code retryAfter} is the header's value or null. */
    public Duration delay(int attempt, String retryAfter, Clock clock, RandomGenerator random) {
        Duration requested = parseRetryAfter(retryAfter, clock);
        if (requested != null) {
            return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
        }
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(30, attempt - 1));
        return Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            double seconds = Double.parseDouble(trimmed);
            return seconds <= 0 ? Duration.ZERO : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(clock.instant(), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
