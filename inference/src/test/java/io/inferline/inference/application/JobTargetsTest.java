package io.inferline.inference.application;

import io.inferline.backends.domain.BackendTarget;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.domain.RegistrySnapshot;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobTargetsTest {

    private static final ModelVersionSpec V1 = version("1", "http://a:8000", "llama-a", ModelVersionSpec.ACTIVE);
    private static final ModelVersionSpec V2 = version("2", "http://b:8000", "llama-b", ModelVersionSpec.ACTIVE);
    private static final ModelVersionSpec V3 = version("3", "http://c:8000", null, ModelVersionSpec.DISABLED);

    @Test
    void theVersionTheJobNamesWins() throws Exception {
        var targets = targets(new ModelSpec("llama", "chat", "1", List.of(V1, V2, V3), null, null));

        assertEquals(new BackendTarget("vllm", "chat", URI.create("http://b:8000"), "llama-b", Duration.ofSeconds(30), "2"),
                targets.forJob(job("llama", "2")));
    }

    @Test
    void withoutAVersionTheDefaultThenTheNewestActiveOneServes() throws Exception {
        assertEquals("1", targets(new ModelSpec("llama", "chat", "1", List.of(V1, V2, V3), null, null))
                .forJob(job("llama", null)).version());
        assertEquals("2", targets(new ModelSpec("llama", "chat", null, List.of(V1, V2, V3), null, null))
                .forJob(job("llama", "gone")).version());
    }

    @Test
    void anUnknownModelRunsLocallyOnTheJobsBackend() throws Exception {
        var targets = targets(new ModelSpec("llama", "embedding", "1", List.of(V1), null, null));

        assertEquals(BackendTarget.local("vllm", "chat"), targets.forJob(job("sim-chat", null)));
        assertEquals("embedding", targets.forJob(job("llama", null)).task());
    }

    private static JobTargets targets(ModelSpec model) {
        RegistrySnapshot snapshot = RegistrySnapshot.EMPTY.apply(RegistryChange.key(RegistryChange.MODEL, model.name()),
                new RegistryChange(RegistryChange.MODEL, model.name(), 1, Instant.now(), model, null, null));
        return new JobTargets(new RegistryView() {
            @Override
            public RegistrySnapshot current() {
                return snapshot;
            }

            @Override
            public boolean awaitLoaded(Duration timeout) {
                return true;
            }
        });
    }

    private static ModelVersionSpec version(String name, String endpoint, String upstream, String status) {
        return new ModelVersionSpec(name, "vllm", endpoint, "gpu", null, 30, null, null, null, status, upstream);
    }

    private static JobRequested job(String model, String version) {
        return new JobRequested(UUID.randomUUID(), "t", model, "vllm", "gpu", Priority.NORMAL, Map.of(), 1,
                Instant.now(), null, null, version, null);
    }
}
