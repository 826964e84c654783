package io.inferline.api.application.ratelimit;

import io.inferline.common.error.InferlineException;

import java.time.Duration;

/** Over a limit: 429, with when to try again. */
public class RateLimitedException extends InferlineException {

    private final RateLimitStore.Quota quota;

    public RateLimitedException(String what, RateLimitStore.Quota quota) {
        super(429, "rate-limited", "Too many requests", what + " limit of " + quota.limit() + " reached; retry in "
                + Math.max(1, quota.retryAfter().toSeconds()) + " s");
        this.quota = quota;
    }

    public RateLimitStore.Quota quota() {
        return quota;
    }

    @Override
    public Duration retryAfter() {
        return quota.retryAfter();
    }
}
