package io.inferline.api.application.ratelimit;

import java.time.Duration;

/** Counters shared by every API replica, each operation atomic (Redis scripts). */
public interface RateLimitStore {

    /** Spends {@code cost} of {@code limit} per {@code period} under {@code key} (GCRA), if there is enough. */
    Quota consume(String key, int limit, Duration period, int cost);

    /** Gives back (negative) or takes more (positive) of what was spent, once per {@code onceKey}. */
    void adjust(String key, int limit, Duration period, int delta, String onceKey);

    /** Takes one of {@code limit} slots for {@code member}; a member holding one already keeps it. */
    boolean acquireSlot(String key, String member, int limit, Duration maxHold);

    void releaseSlot(String key, String member);

    /**
     * What is left under a limit: {@code allowed} says whether this request fitted; {@code retryAfter} is when
     * it would, {@code reset} when the whole limit is available again.
     */
    record Quota(boolean allowed, int limit, int remaining, Duration retryAfter, Duration reset) {
    }
}
