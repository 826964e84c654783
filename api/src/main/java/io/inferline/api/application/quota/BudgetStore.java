package io.inferline.api.application.quota;

import java.time.Instant;
import java.util.Optional;

/** Monthly budget counters of tenants, shared by every API replica. */
public interface BudgetStore {

    /** What the month's counter held when a reservation was refused. */
    record Spent(long tokens, long micros) {
    }

    /**
     * Adds a job's estimate to the month's counter unless that would pass a limit (negative: none), and remembers
     * the reservation per job until {@code keepUntil}. Empty when admitted, else what was already spent.
     */
    Optional<Spent> reserve(String tenantId, String month, String jobId, long tokens, long micros,
                             long tokenLimit, long microLimit, Instant keepUntil);

    /**
     * Replaces the job's reservation with what it really used, once; does nothing for a job never reserved. Sent
     * without waiting: a failure is logged, never thrown, and a later reservation from this replica comes after it.
     */
    void settle(String tenantId, String month, String jobId, long usedTokens, long usedMicros);
}
