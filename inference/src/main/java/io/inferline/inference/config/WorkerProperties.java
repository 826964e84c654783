package io.inferline.inference.config;

import io.inferline.contracts.v1.events.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/** How this process works through its pools' job requests ({@code inferline.inference.*}). */
@ConfigurationProperties(WorkerProperties.PREFIX)
public class WorkerProperties {

    public static final String PREFIX = "inferline.inference";

    /** The worker pools served, one consumer per pool. Default: {@link #pool} alone. */
    private List<String> pools = List.of();

    /** The single pool served when {@code pools} is not set (the setting before several pools). Default sim. */
    private String pool = "sim";

    /**
     * Job requests each pool's consumer runs at once. More wait in Kafka, not in memory: a lane whose fetched
     * requests cannot start yet has its partitions paused. Default 16.
     */
    private int maxInFlight = 16;

    /** How long a stopping worker lets running jobs finish before it hands them back. Default 30 s. */
    private Duration shutdownGrace = Duration.ofSeconds(30);

    /** Tries at processing one request (database or broker errors) before it is dead-lettered. Default 6. */
    private int attempts = 6;

    /** Wait after the first failed try; it doubles with each further try. Default 500 ms. */
    private Duration retryBackoff = Duration.ofMillis(500);

    /**
     * A streaming job ({@code "stream": true}) publishes at most one piece of its answer per this interval, the text
     * since the previous piece. Default 250 ms.
     */
    private Duration outputInterval = Duration.ofMillis(250);

    /** The pools this process serves, validated: {@code pools}, else {@code pool}. */
    public List<String> servedPools() {
        List<String> served = pools == null || pools.isEmpty() ? List.of(pool) : pools;
        served.forEach(Topics::requirePool);
        return served.stream().distinct().toList();
    }

    public List<String> getPools() {
        return pools;
    }

    public void setPools(List<String> pools) {
        this.pools = pools;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("inferline.inference.max-in-flight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("inferline.inference.attempts must be at least 1");
        }
        this.attempts = attempts;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getOutputInterval() {
        return outputInterval;
    }

    public void setOutputInterval(Duration outputInterval) {
        if (outputInterval == null || outputInterval.isNegative()) {
            throw new IllegalArgumentException("inferline.inference.output-interval must not be negative");
        }
        this.outputInterval = outputInterval;
    }
}
