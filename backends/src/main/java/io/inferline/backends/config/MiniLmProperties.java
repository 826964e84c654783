package io.inferline.backends.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The local CPU embedding model ({@code inferline.backends.minilm.*}): all-MiniLM-L6-v2, quantized, run by ONNX
 * Runtime from the Maven artifact that ships it. Concurrent calls are queued and embedded in micro-batches by a
 * fixed number of CPU threads.
 */
@ConfigurationProperties(MiniLmProperties.PREFIX)
public class MiniLmProperties {

    public static final String PREFIX = "inferline.backends.minilm";

    /** The model's position embeddings: no input may be longer, special tokens included. */
    public static final int MODEL_MAX_TOKENS = 512;

    /** Whether this process offers the backend at all (false: no model is loaded, kind {@code minilm} is unknown). */
    private boolean enabled = true;

    /**
     * Load the model on a background thread as soon as the service has started (true: start-up is not delayed and
     * the first call finds it ready, for workers dedicated to embeddings), or on the first call (false: ~1 s once;
     * api replicas and workers of other pools, which carry this library too, then never spend the model's memory).
     * Default false.
     */
    private boolean loadAtStartup = false;

    /** Inputs embedded together at most: a batch closes when it has this many. Default 32. */
    private int maxBatchSize = 32;

    /** How long a batch waits for more inputs after its first one before it runs. Default 2 ms. */
    private Duration maxWait = Duration.ofMillis(2);

    /** CPU threads that run batches (each runs one model call at a time). Default: half the CPUs, at least 1. */
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /**
     * Run a whole batch as one model call, inputs padded to the longest: about 3 times the throughput on short
     * sentences, but a vector then depends slightly on the inputs it was batched with (cosine 0.98-0.995 to the same
     * text embedded alone), because the quantized model scales its activations per batch. Default false: one model
     * call per input, so the same text always gets the same vector.
     */
    private boolean paddedBatches = false;

    /** Inputs that may wait in the queue; a call that finds it full fails with backend_unavailable. Default 4096. */
    private int queueCapacity = 4096;

    /**
     * Strings one call may embed (the {@code input} array's length). Default 128: a job's output travels in one Kafka
     * event, and 128 vectors are about 600 KB of JSON, below the producers' default 1 MB request limit.
     */
    private int maxInputs = 128;

    /** Tokens one input string may have, [CLS] and [SEP] included; at most 512 (the model's limit). Default 512. */
    private int maxInputTokens = MODEL_MAX_TOKENS;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isLoadAtStartup() {
        return loadAtStartup;
    }

    public void setLoadAtStartup(boolean loadAtStartup) {
        this.loadAtStartup = loadAtStartup;
    }

    public int getMaxBatchSize() {
        return maxBatchSize;
    }

    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = atLeastOne(maxBatchSize, "max-batch-size");
    }

    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException(PREFIX + ".max-wait must be zero or positive");
        }
        this.maxWait = maxWait;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = atLeastOne(threads, "threads");
    }

    public boolean isPaddedBatches() {
        return paddedBatches;
    }

    public void setPaddedBatches(boolean paddedBatches) {
        this.paddedBatches = paddedBatches;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = atLeastOne(queueCapacity, "queue-capacity");
    }

    public int getMaxInputs() {
        return maxInputs;
    }

    public void setMaxInputs(int maxInputs) {
        this.maxInputs = atLeastOne(maxInputs, "max-inputs");
    }

    public int getMaxInputTokens() {
        return maxInputTokens;
    }

    public void setMaxInputTokens(int maxInputTokens) {
        if (maxInputTokens < 3 || maxInputTokens > MODEL_MAX_TOKENS) {
            throw new IllegalArgumentException(PREFIX + ".max-input-tokens must be between 3 and " + MODEL_MAX_TOKENS);
        }
        this.maxInputTokens = maxInputTokens;
    }

    private static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be at least 1");
        }
        return value;
    }
}
