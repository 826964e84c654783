package io.inferline.api.application.ratelimit;

import io.inferline.common.error.InferlineException;
import io.inferline.common.error.ServiceUnavailableException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * What admission counters (rate limits, budgets) do while Redis, which holds them, cannot be reached:
 * {@code inferline.rate-limits.when-redis-unavailable}: let the request pass ({@code open}) or answer 503.
 */
@Singleton
public class RedisOutagePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RedisOutagePolicy.class);

    private final RateLimitProperties properties;

    public RedisOutagePolicy(RateLimitProperties properties) {
        this.properties = properties;
    }

    /** Runs {@code action}; a Redis failure gives {@code whenOpen} or a 503, refusals pass through. */
    public <T> T guard(String what, Supplier<T> action, T whenOpen) {
        try {
            return action.get();
        } catch (InferlineException e) {
            throw e;
        } catch (RuntimeException e) {
            if (properties.getWhenRedisUnavailable() == RateLimitProperties.WhenUnavailable.CLOSED) {
                throw new ServiceUnavailableException(what + " cannot be checked right now; retry shortly", e);
            }
            LOG.warn("{} not checked (Redis unavailable, failing open): {}", what, e.toString());
            return whenOpen;
        }
    }
}
