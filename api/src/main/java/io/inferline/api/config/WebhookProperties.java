package io.inferline.api.config;

import io.inferline.api.domain.RetrySchedule;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Webhook delivery ({@code inferline.webhooks.*}). */
@ConfigurationProperties(WebhookProperties.PREFIX)
public class WebhookProperties {

    public static final String PREFIX = "inferline.webhooks";

    /** Waits before each attempt; default immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
    private List<Duration> schedule = new ArrayList<>(RetrySchedule.STANDARD.waits());

    /** How long a receiver may take to answer. Default 10 s. */
    private Duration timeout = Duration.ofSeconds(10);

    /** Requests in flight per API replica. Default 64. */
    private int concurrency = 64;

    /** Requests in flight per tenant per API replica, so no tenant's slow receivers hold up others. Default 8. */
    private int tenantConcurrency = 8;

    /** How long an old secret keeps signing after a rotation. Default 24 h. */
    private Duration rotationOverlap = Duration.ofHours(24);

    /**
     * Networks webhooks may reach although they are loopback, private, link-local or metadata addresses, in CIDR
     * form (e.g. {@code 127.0.0.1/32}). Default none.
     */
    private List<String> allowedNetworks = new ArrayList<>();

    public RetrySchedule retrySchedule() {
        return new RetrySchedule(schedule);
    }

    public List<Duration> getSchedule() {
        return schedule;
    }

    public void setSchedule(List<Duration> schedule) {
        this.schedule = schedule;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getTenantConcurrency() {
        return tenantConcurrency;
    }

    public void setTenantConcurrency(int tenantConcurrency) {
        this.tenantConcurrency = tenantConcurrency;
    }

    public Duration getRotationOverlap() {
        return rotationOverlap;
    }

    public void setRotationOverlap(Duration rotationOverlap) {
        this.rotationOverlap = rotationOverlap;
    }

    public List<String> getAllowedNetworks() {
        return allowedNetworks;
    }

    public void setAllowedNetworks(List<String> allowedNetworks) {
        this.allowedNetworks = allowedNetworks;
    }
}
