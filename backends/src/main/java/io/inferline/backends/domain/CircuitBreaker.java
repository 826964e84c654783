package io.inferline.backends.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A circuit breaker for one backend endpoint. Closed, it counts attempts: {@code failureThreshold} consecutive
 * failures, or a failure rate of at least {@code failureRate} over the last {@code window} attempts (once
 * {@code minimumCalls} were seen), open it. Open, it refuses attempts for {@code openDuration}; then it lets one
 * probe through (half-open) whose success closes it and whose failure opens it again. Thread-safe.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** What an outcome changed: the circuit opened, closed, or nothing changed. */
    public enum Transition { NONE, OPENED, CLOSED }

    public record Settings(int failureThreshold, double failureRate, int window, int minimumCalls, Duration openDuration) {
    }

    private final Settings settings;
    private final Clock clock;
    private final boolean[] outcomes;
    private int recorded;
    private int next;
    private int failuresInWindow;
    private int consecutiveFailures;
    private State state = State.CLOSED;
    private Instant openUntil = Instant.MIN;
    private boolean probing;

    public CircuitBreaker(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.outcomes = new boolean[Math.max(1, settings.window())];
    }

    /** Whether an attempt may go ahead now; false while open, or half-open with the probe already out. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            state = State.HALF_OPEN;
            probing = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probing) {
                    yield false;
                }
                probing = true;
                yield true;
            }
        };
    }

    public synchronized Transition onSuccess() {
        if (state == State.HALF_OPEN) {
            reset();
            return Transition.CLOSED;
        }
        consecutiveFailures = 0;
        record(false);
        return Transition.NONE;
    }

    public synchronized Transition onFailure() {
        if (state == State.HALF_OPEN) {
            open();
            return Transition.OPENED;
        }
        if (state == State.OPEN) {
            return Transition.NONE;
        }
        consecutiveFailures++;
        record(true);
        boolean rateExceeded = recorded >= Math.max(1, settings.minimumCalls())
                && failuresInWindow >= settings.failureRate() * recorded;
        if (consecutiveFailures >= settings.failureThreshold() || rateExceeded) {
            open();
            return Transition.OPENED;
        }
        return Transition.NONE;
    }

    /** The attempt ended without telling anything about the endpoint (the caller gave up): frees the probe. */
    public synchronized void onAbandoned() {
        probing = false;
    }

    public synchronized State state() {
        return state;
    }

    /** Until when the circuit refuses attempts (meaningful while open). */
    public synchronized Instant openUntil() {
        return openUntil;
    }

    private void open() {
        state = State.OPEN;
        openUntil = clock.instant().plus(settings.openDuration());
        probing = false;
    }

    private void reset() {
        state = State.CLOSED;
        probing = false;
        consecutiveFailures = 0;
        recorded = 0;
        next = 0;
        failuresInWindow = 0;
    }

    private void record(boolean failure) {
        if (recorded == outcomes.length) {
            if (outcomes[next]) {
                failuresInWindow--;
            }
        } else {
            recorded++;
        }
        outcomes[next] = failure;
        if (failure) {
            failuresInWindow++;
        }
        next = (next + 1) % outcomes.length;
    }
}
