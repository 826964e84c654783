package io.inferline.api.application.ratelimit;

import java.time.Duration;

/**
 * Counters shared by every API replica, each operation atomic (Redis scripts). Methods whose names say so are sent
 * without waiting for the answer: a failure of theirs is logged, never thrown, and what a replica sends after them
 * reaches the counters after them.
 */
public interface RateLimitStore {

    /** Spends {@code cost} of {@code limit} per {@code period} under {@code key} (GCRA), if there is enough. */
    Quota consume(String key, int limit, Duration period, int cost);

    /**
     * In one step: spends {@code cost} of {@code tokenLimit} per {@code period} under {@code tokensKey} (none when
     * {@code tokenLimit} is 0) and takes one of {@code slots} slots under {@code slotsKey} for {@code member} (none
     * when {@code slots} is 0; a member holding one already keeps it). Nothing is taken unless both fit. Both keys
     * share one hash tag.
     */
    Admission admit(String tokensKey, int tokenLimit, Duration period, int cost,
                    String slotsKey, String member, int slots, Duration maxHold);

    /** Gives back (negative) or takes more (positive) of what was spent, once per {@code onceKey}. */
    void adjust(String key, int limit, Duration period, int delta, String onceKey);

    /** {@link #adjust}, sent without waiting. */
    void adjustWithoutWaiting(String key, int limit, Duration period, int delta, String onceKey);

    /** Frees {@code member}'s slot, sent without waiting. */
    void releaseSlotWithoutWaiting(String key, String member);

    /**
     * What is left under a limit: {@code allowed} says whether this request fitted; {@code retryAfter} is when
     * it would, {@code reset} when the whole limit is available again.
     */
    record Quota(boolean allowed, int limit, int remaining, Duration retryAfter, Duration reset) {
    }

    /** What {@link #admit} decided; {@code tokens} is the token quota, null when there is no token limit. */
    record Admission(Outcome outcome, Quota tokens) {
    }

    enum Outcome { ADMITTED, TOKENS_REFUSED, SLOTS_FULL }
}
