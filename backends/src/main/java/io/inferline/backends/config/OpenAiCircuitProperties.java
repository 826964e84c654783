package io.inferline.backends.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The circuit breaker the OpenAI-compatible backend keeps per endpoint ({@code inferline.backends.openai.circuit.*}).
 * Failed attempts are connect errors, timeouts and 5xx answers; 429 and other 4xx answers show a live server and
 * count as successes. The circuit opens after {@code failure-threshold} consecutive failures, or when at least
 * {@code failure-rate} of the last {@code window} attempts failed (once {@code minimum-calls} were seen); it stays
 * open {@code open-duration}, then lets one probe through (half-open): its success closes the circuit, its failure
 * opens it again.
 */
@ConfigurationProperties(OpenAiCircuitProperties.PREFIX)
public class OpenAiCircuitProperties {

    public static final String PREFIX = "inferline.backends.openai.circuit";

    /** Consecutive failed attempts that open the circuit. Default 5. */
    private int failureThreshold = 5;

    /** Share of failed attempts in the window that opens the circuit, 0 to 1. Default 0.5. */
    private double failureRate = 0.5;

    /** Attempts the failure rate is computed over. Default 20. */
    private int window = 20;

    /** Attempts the window needs before the failure rate counts. Default 10. */
    private int minimumCalls = 10;

    /** How long an open circuit fails calls fast before it lets a probe through. Default 30 s. */
    private Duration openDuration = Duration.ofSeconds(30);

    public int getFailureThreshold() {
        return failureThreshold;
    }

    public void setFailureThreshold(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    public double getFailureRate() {
        return failureRate;
    }

    public void setFailureRate(double failureRate) {
        if (failureRate <= 0 || failureRate > 1) {
            throw new IllegalArgumentException(PREFIX + ".failure-rate must be above 0 and at most 1");
        }
        this.failureRate = failureRate;
    }

    public int getWindow() {
        return window;
    }

    public void setWindow(int window) {
        this.window = window;
    }

    public int getMinimumCalls() {
        return minimumCalls;
    }

    public void setMinimumCalls(int minimumCalls) {
        this.minimumCalls = minimumCalls;
    }

    public Duration getOpenDuration() {
        return openDuration;
    }

    public void setOpenDuration(Duration openDuration) {
        this.openDuration = openDuration;
    }
}
