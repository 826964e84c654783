package io.inferline.api.application.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Rate limits ({@code inferline.rate-limits.*}): the limits every tenant has unless
 * {@code inferline.rate-limits.tenants.<tenant-id>.*} ({@link TenantRateLimits}) says otherwise; API keys may
 * carry limits of their own. Zero means no limit.
 */
@ConfigurationProperties(RateLimitProperties.PREFIX)
public class RateLimitProperties {

    public static final String PREFIX = "inferline.rate-limits";

    /** Whether requests pass ({@code open}, the default: availability first) or get 503 ({@code closed}) while
     * Redis, which holds the counters, cannot be reached. */
    private WhenUnavailable whenRedisUnavailable = WhenUnavailable.OPEN;

    /** Requests per minute per tenant. Default 600. */
    private int requestsPerMinute = 600;

    /** Estimated tokens per minute per tenant, corrected by the usage jobs report. Default 1,000,000. */
    private int tokensPerMinute = 1_000_000;

    /** Jobs queued or running at once per tenant. Default 1,000. */
    private int concurrentJobs = 1_000;

    public enum WhenUnavailable { OPEN, CLOSED }

    public WhenUnavailable getWhenRedisUnavailable() {
        return whenRedisUnavailable;
    }

    public void setWhenRedisUnavailable(WhenUnavailable whenRedisUnavailable) {
        this.whenRedisUnavailable = whenRedisUnavailable;
    }

    public int getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public void setRequestsPerMinute(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public int getTokensPerMinute() {
        return tokensPerMinute;
    }

    public void setTokensPerMinute(int tokensPerMinute) {
        this.tokensPerMinute = tokensPerMinute;
    }

    public int getConcurrentJobs() {
        return concurrentJobs;
    }

    public void setConcurrentJobs(int concurrentJobs) {
        this.concurrentJobs = concurrentJobs;
    }
}
