package io.inferline.api.application.ratelimit;

import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.auth.RateLimits;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Limits that hold across every API replica, because their counters live in Redis: requests per minute and
 * estimated tokens per minute, per API key (when the key has its own limits) and per tenant, and jobs in flight
 * per tenant. Token estimates are corrected once a job reports its usage. Keys in Redis carry a hash tag per
 * tenant or key, so each operation touches one cluster slot.
 */
@Singleton
public class RateLimiter {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** A job still holding a concurrency slot after this long is assumed lost (e.g. Redis missed its end). */
    private static final Duration MAX_JOB_HOLD = Duration.ofDays(2);

    private final RateLimitStore store;
    private final RateLimitProperties properties;
    private final RedisOutagePolicy outages;
    private final Map<String, TenantRateLimits> tenants;

    public RateLimiter(RateLimitStore store, RateLimitProperties properties, RedisOutagePolicy outages,
                       List<TenantRateLimits> tenants) {
        this.store = store;
        this.properties = properties;
        this.outages = outages;
        this.tenants = tenants.stream().collect(Collectors.toUnmodifiableMap(TenantRateLimits::getTenantId, t -> t));
    }

    /** Counts one request; returns the tightest quota that applied (for RateLimit-* headers), if any. */
    public Optional<RateLimitStore.Quota> admitRequest(Caller caller) {
        return guarded(() -> {
            RateLimitStore.Quota tightest = null;
            Integer keyLimit = keyLimit(caller, RateLimits::requestsPerMinute);
            if (keyLimit != null) {
                tightest = spend("requests per minute of this API key", keyKey(caller, "rpm"), keyLimit, 1, null);
            }
            int tenantLimit = tenantLimits(caller.tenantId(), TenantRateLimits::getRequestsPerMinute,
                    properties.getRequestsPerMinute());
            if (tenantLimit > 0) {
                var tenant = spend("requests per minute of this tenant", tenantKey(caller.tenantId(), "rpm"),
                        tenantLimit, 1, keyLimit == null ? null : () -> store.adjust(keyKey(caller, "rpm"), keyLimit,
                                MINUTE, -1, null));
                tightest = tightest == null || tenant.remaining() < tightest.remaining() ? tenant : tightest;
            }
            return Optional.ofNullable(tightest);
        }, Optional.empty());
    }

    /**
     * Admits a new job: its estimated tokens and a concurrency slot. The tenant's tokens and slot are taken together
     * in one step; the key's own token limit (another hash tag) is spent before and given back if the tenant refuses.
     * Undo with {@link #jobNotCreated}.
     */
    public void admitJob(Caller caller, Job job) {
        guarded(() -> {
            int tokens = job.estimatedTokens();
            Integer keyTokens = keyLimit(caller, RateLimits::tokensPerMinute);
            if (keyTokens != null) {
                spend("tokens per minute of this API key", keyKey(caller, "tpm"), keyTokens, tokens, null);
            }
            int tenantTokens = tenantTokens(caller.tenantId());
            int slots = concurrentJobs(caller.tenantId());
            if (tenantTokens <= 0 && slots <= 0) {
                return null;
            }
            var admission = store.admit(tenantKey(caller.tenantId(), "tpm"), Math.max(0, tenantTokens), MINUTE, tokens,
                    tenantKey(caller.tenantId(), "jobs"), job.id().toString(), Math.max(0, slots), MAX_JOB_HOLD);
            if (admission.outcome() != RateLimitStore.Outcome.ADMITTED && keyTokens != null) {
                store.adjust(keyKey(caller, "tpm"), keyTokens, MINUTE, -tokens, null);
            }
            switch (admission.outcome()) {
                case TOKENS_REFUSED -> throw new RateLimitedException("tokens per minute of this tenant",
                        admission.tokens());
                case SLOTS_FULL -> throw new RateLimitedException("concurrent jobs of this tenant",
                        new RateLimitStore.Quota(false, slots, 0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
                case ADMITTED -> {
                }
            }
            return null;
        }, null);
    }

    /** Gives back what {@link #admitJob} took, for a job that was not created after all; sent without waiting. */
    public void jobNotCreated(Caller caller, Job job) {
        guarded(() -> {
            int tokens = job.estimatedTokens();
            Integer keyTokens = keyLimit(caller, RateLimits::tokensPerMinute);
            if (keyTokens != null) {
                store.adjustWithoutWaiting(keyKey(caller, "tpm"), keyTokens, MINUTE, -tokens, null);
            }
            int tenantTokens = tenantTokens(caller.tenantId());
            if (tenantTokens > 0) {
                store.adjustWithoutWaiting(tenantKey(caller.tenantId(), "tpm"), tenantTokens, MINUTE, -tokens, null);
            }
            store.releaseSlotWithoutWaiting(tenantKey(caller.tenantId(), "jobs"), job.id().toString());
            return null;
        }, null);
    }

    /**
     * A job ended: its slot is free, and its token estimate is replaced by what it used (once per job). Sent without
     * waiting: a later admission from this replica reaches Redis after it.
     */
    public void jobEnded(Job job) {
        guarded(() -> {
            store.releaseSlotWithoutWaiting(tenantKey(job.tenantId(), "jobs"), job.id().toString());
            if (job.usage() != null) {
                int delta = job.usage().totalTokens() - job.estimatedTokens();
                int limit = tenantTokens(job.tenantId());
                if (limit > 0 && delta != 0) {
                    store.adjustWithoutWaiting(tenantKey(job.tenantId(), "tpm"), limit, MINUTE, delta,
                            tenantKey(job.tenantId(), "corrected:" + job.id()));
                }
            }
            return null;
        }, null);
    }

    private RateLimitStore.Quota spend(String what, String key, int limit, int cost, @Nullable Runnable undoEarlier) {
        var quota = store.consume(key, limit, MINUTE, cost);
        if (!quota.allowed()) {
            if (undoEarlier != null) {
                undoEarlier.run();
            }
            throw new RateLimitedException(what, quota);
        }
        return quota;
    }

    private <T> T guarded(Supplier<T> action, T whenOpen) {
        return outages.guard("rate limits", action, whenOpen);
    }

    private static Integer keyLimit(Caller caller, Function<RateLimits, Integer> limit) {
        if (caller.keyLimits() == null) {
            return null;
        }
        Integer value = limit.apply(caller.keyLimits());
        return value == null || value <= 0 ? null : value;
    }

    private int tenantLimits(String tenantId, Function<TenantRateLimits, Integer> limit, int fallback) {
        var tenant = tenants.get(tenantId);
        Integer value = tenant == null ? null : limit.apply(tenant);
        return value == null ? fallback : value;
    }

    private int tenantTokens(String tenantId) {
        return tenantLimits(tenantId, TenantRateLimits::getTokensPerMinute, properties.getTokensPerMinute());
    }

    private int concurrentJobs(String tenantId) {
        return tenantLimits(tenantId, TenantRateLimits::getConcurrentJobs, properties.getConcurrentJobs());
    }

    private static String tenantKey(String tenantId, String counter) {
        return "inferline:rl:{t:" + tenantId + "}:" + counter;
    }

    private static String keyKey(Caller caller, String counter) {
        return "inferline:rl:{k:" + caller.keyId() + "}:" + counter;
    }
}
