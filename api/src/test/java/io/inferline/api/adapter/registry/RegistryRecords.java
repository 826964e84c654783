package io.inferline.api.adapter.registry;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.testkit.KafkaTopics;
import io.micronaut.json.JsonMapper;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Publishes registry entries the way model-mgmt does: a record per entry on the compacted registry topic. */
final class RegistryRecords {

    private RegistryRecords() {
    }

    static void publish(String bootstrapServers, JsonMapper json, String kind, String name, String field,
                        Map<String, Object> spec) throws Exception {
        Map<String, Object> change = new HashMap<>();
        change.put("kind", kind);
        change.put("name", name);
        change.put("revision", 1);
        change.put("changed_at", Instant.now().toString());
        change.put(field, spec);
        KafkaTopics.send(bootstrapServers, Topics.MODEL_REGISTRY, kind + "/" + name, json.writeValueAsString(change));
    }
}
