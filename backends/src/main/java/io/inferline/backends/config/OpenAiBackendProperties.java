package io.inferline.backends.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * The OpenAI-compatible HTTP backend ({@code inferline.backends.openai.*}): which backend kinds it serves, how long a
 * call may take and how it retries. Circuit breaking is {@link OpenAiCircuitProperties}, API keys
 * {@link OpenAiCredentialProperties}.
 */
@ConfigurationProperties(OpenAiBackendProperties.PREFIX)
public class OpenAiBackendProperties {

    public static final String PREFIX = "inferline.backends.openai";

    /** Registry backend kinds served by this adapter. Default: openai, openai-compatible, vllm, tensorrt-llm, deepseek. */
    private List<String> kinds = List.of("openai", "openai-compatible", "vllm", "tensorrt-llm", "deepseek");

    /** Time one attempt may take, for a model version without {@code timeout_seconds}. Default 60 s. */
    private Duration defaultTimeout = Duration.ofSeconds(60);

    /** Time to open a TCP connection to an endpoint. Default 5 s. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Attempts per call, the first included, on connect errors, 429 and 5xx. Default 3. */
    private int maxAttempts = 3;

    /** Upper bound of the first retry's random wait (full jitter); doubles with every retry. Default 250 ms. */
    private Duration initialBackoff = Duration.ofMillis(250);

    /** Upper bound of any retry's random wait. Default 5 s. */
    private Duration maxBackoff = Duration.ofSeconds(5);

    /** The longest {@code Retry-After} honoured; a longer one waits this long. Default 30 s. */
    private Duration maxRetryAfter = Duration.ofSeconds(30);

    public List<String> getKinds() {
        return kinds;
    }

    public void setKinds(List<String> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    public Duration getDefaultTimeout() {
        return defaultTimeout;
    }

    public void setDefaultTimeout(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(PREFIX + ".max-attempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }
}
