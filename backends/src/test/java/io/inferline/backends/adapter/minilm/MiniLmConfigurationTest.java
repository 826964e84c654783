package io.inferline.backends.adapter.minilm;

import io.inferline.backends.application.Backends;
import io.inferline.backends.config.MiniLmProperties;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendTarget;
import io.inferline.backends.domain.ChunkListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend as a Micronaut bean: settings under inferline.backends.minilm, and a switch to leave it out. */
class MiniLmConfigurationTest {

    @Test
    void servesKindMinilmWithTheConfiguredSettings() throws Exception {
        try (var context = ApplicationContext.run(Map.of(
                "inferline.kafka.declare-topics", false,
                "inferline.backends.minilm.max-batch-size", 4,
                "inferline.backends.minilm.max-wait", "10s", // batches can only close by reaching 4 inputs
                "inferline.backends.minilm.threads", 1))) {
            var properties = context.getBean(MiniLmProperties.class);
            assertEquals(4, properties.getMaxBatchSize());
            assertEquals(Duration.ofSeconds(10), properties.getMaxWait());

            var backend = context.getBean(Backends.class).get("minilm").orElseThrow();
            var result = backend.invoke(new BackendCall(UUID.randomUUID(), 1, "minilm",
                    BackendTarget.local("minilm", "embedding"), Map.of("input", List.of("a", "b", "c", "d", "e", "f", "g", "h")),
                    ChunkListener.NONE));
            assertEquals(8, ((List<?>) result.output().get("embeddings")).size());
            assertEquals(new MicroBatcher.Stats(2, 8, 4), ((MiniLmEmbeddingBackend) backend).batchStats());

            var batchSizes = context.getBean(MeterRegistry.class).get("inferline.backend.minilm.batch.size").summary();
            assertEquals(2, batchSizes.count());
            assertEquals(8.0, batchSizes.totalAmount());
            assertEquals(4.0, batchSizes.max());
        }
    }

    @Test
    void canBeSwitchedOff() {
        try (var context = ApplicationContext.run(Map.of(
                "inferline.kafka.declare-topics", false, "inferline.backends.minilm.enabled", false))) {
            assertTrue(context.getBean(Backends.class).get("minilm").isEmpty());
            assertTrue(context.getBean(Backends.class).get("simulator").isPresent());
        }
    }
}
