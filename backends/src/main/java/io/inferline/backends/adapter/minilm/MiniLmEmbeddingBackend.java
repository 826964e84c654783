package io.inferline.backends.adapter.minilm;

import io.inferline.backends.config.MiniLmProperties;
import io.inferline.backends.domain.Backend;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendResult;
import io.inferline.contracts.v1.jobs.Usage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Embeddings from all-MiniLM-L6-v2 on this machine's CPUs (backend kind {@code minilm}): 384-dimensional vectors of
 * length 1, one per input string, in input order. Concurrent calls share micro-batches ({@link MicroBatcher}) run by
 * {@code inferline.backends.minilm.threads} threads. The model loads on the first call, or on a background thread
 * once the service has started with {@code load-at-startup: true}; a call that comes before it is loaded waits.
 */
@Singleton
@Requires(property = MiniLmProperties.PREFIX + ".enabled", notEquals = "false")
public class MiniLmEmbeddingBackend implements Backend, AutoCloseable {

    public static final String KIND = "minilm";

    private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbeddingBackend.class);
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(30);

    private final MiniLmProperties properties;
    private final IntConsumer batchSizes;
    private final Object lock = new Object();
    private CompletableFuture<Loaded> loaded;
    private boolean closed;

    @Inject
    public MiniLmEmbeddingBackend(MiniLmProperties properties, @Nullable MeterRegistry meters) {
        this.properties = properties;
        if (meters == null) {
            this.batchSizes = size -> { };
        } else {
            var summary = DistributionSummary.builder("inferline.backend.minilm.batch.size")
                    .description("Inputs embedded together in one micro-batch").register(meters);
            this.batchSizes = summary::record;
            Gauge.builder("inferline.backend.minilm.queued", this, MiniLmEmbeddingBackend::queued)
                    .description("Inputs waiting for a micro-batch").register(meters);
        }
    }

    public MiniLmEmbeddingBackend(MiniLmProperties properties) {
        this(properties, null);
    }

    @Override
    public Set<String> kinds() {
        return Set.of(KIND);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (properties.isLoadAtStartup()) {
            try {
                loading();
            } catch (BackendException e) {
                // closed before it started: nothing to load
            }
        }
    }

    @Override
    public BackendResult invoke(BackendCall call) throws BackendException, InterruptedException {
        var texts = EmbeddingInput.texts(call.input(), properties.getMaxInputs(), MiniLmModel.DIMENSIONS);
        Loaded model = awaitModel();
        var tokenIds = new ArrayList<long[]>(texts.size());
        int promptTokens = 0;
        for (var text : texts) {
            long[] ids = model.model.tokenize(text.text());
            if (ids.length > properties.getMaxInputTokens()) {
                throw EmbeddingInput.rejected(text.field() + ": " + ids.length + " tokens, this model takes at most "
                        + properties.getMaxInputTokens() + " per input");
            }
            tokenIds.add(ids);
            promptTokens += ids.length;
        }
        List<float[]> vectors = embed(model, tokenIds, call.target().timeout());
        var embeddings = new ArrayList<List<Float>>(vectors.size());
        for (float[] vector : vectors) {
            embeddings.add(asList(vector));
        }
        var output = new LinkedHashMap<String, Object>();
        output.put("embeddings", embeddings);
        output.put("dimensions", MiniLmModel.DIMENSIONS);
        output.put("model", call.target().upstreamModel() != null ? call.target().upstreamModel() : call.model());
        return new BackendResult(output, new Usage(promptTokens, 0));
    }

    private static List<float[]> embed(Loaded model, List<long[]> tokenIds, @Nullable Duration timeout)
            throws BackendException, InterruptedException {
        try {
            return model.batcher.submitAll(tokenIds, timeout);
        } catch (TimeoutException e) {
            throw new BackendException("backend_timeout", "the embeddings were not ready within " + timeout);
        } catch (RejectedExecutionException e) {
            throw new BackendException("backend_unavailable", "the minilm backend cannot take more work: "
                    + e.getMessage());
        } catch (ExecutionException e) {
            throw new BackendException("backend_error", "the minilm model failed: " + e.getCause());
        }
    }

    private static List<Float> asList(float[] vector) {
        var list = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            list[i] = vector[i];
        }
        return List.of(list);
    }

    /** Batches run so far (for tests; the same numbers go to the {@code inferline.backend.minilm.batch.size} metric). */
    MicroBatcher.Stats batchStats() {
        Loaded model = loadedOrNull();
        return model == null ? new MicroBatcher.Stats(0, 0, 0) : model.batcher.stats();
    }

    private double queued() {
        Loaded model = loadedOrNull();
        return model == null ? 0 : model.batcher.queued();
    }

    private Loaded loadedOrNull() {
        synchronized (lock) {
            return loaded != null && loaded.isDone() && !loaded.isCompletedExceptionally() ? loaded.join() : null;
        }
    }

    private Loaded awaitModel() throws BackendException, InterruptedException {
        try {
            return loading().get();
        } catch (ExecutionException e) {
            throw new BackendException("backend_unavailable", "the minilm model could not be loaded: " + e.getCause());
        }
    }

    private CompletableFuture<Loaded> loading() throws BackendException {
        synchronized (lock) {
            if (closed) {
                throw new BackendException("backend_unavailable", "the minilm backend is shutting down");
            }
            if (loaded == null) {
                loaded = new CompletableFuture<>();
                Thread.ofPlatform().daemon().name("minilm-loader").start(this::load);
            }
            return loaded;
        }
    }

    private void load() {
        long started = System.nanoTime();
        try {
            var model = MiniLmModel.load();
            MicroBatcher.BatchFunction<long[], float[]> embedBatch = properties.isPaddedBatches()
                    ? model::embedPadded
                    : batch -> {
                        var vectors = new ArrayList<float[]>(batch.size());
                        for (long[] ids : batch) {
                            vectors.add(model.embed(ids));
                        }
                        return vectors;
                    };
            var batcher = new MicroBatcher<>("minilm", embedBatch, properties.getMaxBatchSize(), properties.getMaxWait(), properties.getThreads(),
                    properties.getQueueCapacity(), batchSizes);
            LOG.info("minilm: all-MiniLM-L6-v2 (quantized) loaded in {} ms; {} threads, batches of up to {}{}",
                    (System.nanoTime() - started) / 1_000_000, properties.getThreads(), properties.getMaxBatchSize(),
                    properties.isPaddedBatches() ? ", padded into one model call each" : "");
            loaded.complete(new Loaded(model, batcher));
        } catch (Throwable e) {
            LOG.error("minilm: the model could not be loaded", e);
            loaded.completeExceptionally(e);
        }
    }

    /** Refuses new calls, finishes the queued ones, then frees the model. */
    @PreDestroy
    @Override
    public void close() throws Exception {
        CompletableFuture<Loaded> loading;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            loading = loaded;
        }
        if (loading == null) {
            return;
        }
        Loaded model;
        try {
            model = loading.get();
        } catch (ExecutionException e) {
            return;
        }
        if (model.batcher.close(DRAIN_GRACE)) {
            model.model.close();
        } else {
            // freeing the native session under a model call that is still running would crash the JVM
            LOG.warn("minilm: a batch was still running after {}; the model is left to the process's exit",
                    DRAIN_GRACE);
        }
    }

    private record Loaded(MiniLmModel model, MicroBatcher<long[], float[]> batcher) {
    }
}
