package io.inferline.api.application.ratelimit;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/** One tenant's limits ({@code inferline.rate-limits.tenants.<tenant-id>.*}); an unset one takes the default. */
@EachProperty("inferline.rate-limits.tenants")
public class TenantRateLimits {

    private final String tenantId;
    private Integer requestsPerMinute;
    private Integer tokensPerMinute;
    private Integer concurrentJobs;

    public TenantRateLimits(@Parameter String tenantId) {
        this.tenantId = tenantId;
    }

    public String getTenantId() {
        return tenantId;
    }

    public Integer getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public void setRequestsPerMinute(Integer requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public Integer getTokensPerMinute() {
        return tokensPerMinute;
    }

    public void setTokensPerMinute(Integer tokensPerMinute) {
        this.tokensPerMinute = tokensPerMinute;
    }

    public Integer getConcurrentJobs() {
        return concurrentJobs;
    }

    public void setConcurrentJobs(Integer concurrentJobs) {
        this.concurrentJobs = concurrentJobs;
    }
}
