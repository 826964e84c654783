package io.inferline.backends.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The load simulator backend ({@code inferline.simulator.*}): a stand-in model server for development and
 * benchmarks, never a real model.
 */
@ConfigurationProperties(SimulatorProperties.PREFIX)
public class SimulatorProperties {

    public static final String PREFIX = "inferline.simulator";

    /** Time to the first token. Default 20 ms. */
    private Duration latency = Duration.ofMillis(20);

    /** Time per generated token after the first. Default 0. */
    private Duration perTokenLatency = Duration.ZERO;

    /** Tokens generated per completion, unless the input asks for fewer with max_tokens. Default 16. */
    private int outputTokens = 16;

    /** Share of calls that fail with a simulated backend error, 0.0 to 1.0. Default 0. */
    private double errorRate = 0.0;

    public Duration getLatency() {
        return latency;
    }

    public void setLatency(Duration latency) {
        this.latency = latency;
    }

    public Duration getPerTokenLatency() {
        return perTokenLatency;
    }

    public void setPerTokenLatency(Duration perTokenLatency) {
        this.perTokenLatency = perTokenLatency;
    }

    public int getOutputTokens() {
        return outputTokens;
    }

    public void setOutputTokens(int outputTokens) {
        this.outputTokens = outputTokens;
    }

    public double getErrorRate() {
        return errorRate;
    }

    public void setErrorRate(double errorRate) {
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("inferline.simulator.error-rate must be between 0 and 1");
        }
        this.errorRate = errorRate;
    }
}
