package io.inferline.api.application;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Periodic work every API replica does (each statement is safe to run on many at once): ending overdue jobs, so
 * a job reaches a final state even when no worker ever picks it up, and forgetting old idempotency keys.
 */
@Singleton
class JobHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(JobHousekeeping.class);

    private final JobService jobs;
    private final JobStore store;
    private final Clock clock;
    private final Duration idempotencyRetention;

    JobHousekeeping(JobService jobs, JobStore store, Clock clock,
                    @Value("${inferline.api.idempotency-retention:24h}") Duration idempotencyRetention) {
        this.jobs = jobs;
        this.store = store;
        this.clock = clock;
        this.idempotencyRetention = idempotencyRetention;
    }

    @Scheduled(fixedDelay = "${inferline.api.expiry-sweep-interval:1s}", initialDelay = "1s")
    void expireOverdue() {
        jobs.expireOverdue();
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    void forgetOldIdempotencyKeys() {
        int forgotten = store.forgetIdempotencyKeys(clock.instant().minus(idempotencyRetention));
        if (forgotten > 0) {
            LOG.info("forgot {} idempotency keys older than {}", forgotten, idempotencyRetention);
        }
    }
}
