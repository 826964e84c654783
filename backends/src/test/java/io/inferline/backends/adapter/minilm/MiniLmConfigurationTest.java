package io.inferline.backends.adapter.minilm;

import io.inferline.backends.application.Backends;
import io.inferline.backends.config.MiniLmProperties;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendTarget;
import io.inferline.backends.domain.ChunkListener;
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
                "inferline.backends.minilm.max-wait", "5ms",
                "inferline.backends.minilm.threads", 1))) {
            var properties = context.getBean(MiniLmProperties.class);
            assertEquals(4, properties.getMaxBatchSize());
            assertEquals(Duration.ofMillis(5), properties.getMaxWait());

            var backend = context.getBean(Backends.class).get("minilm").orElseThrow();
            var result = backend.invoke(new BackendCall(UUID.randomUUID(), 1, "minilm",
                    BackendTarget.local("minilm", "embedding"), Map.of("input", List.of("a", "b", "c", "d", "e")),
                    ChunkListener.NONE));
            assertEquals(5, ((List<?>) result.output().get("embeddings")).size());
            assertEquals(4, ((MiniLmEmbeddingBackend) backend).batchStats().largestBatch(), "batches close at 4");
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
