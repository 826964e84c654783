package io.inferline.routing.adapter.kafka;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.domain.CircuitView;
import io.inferline.routing.domain.RegistrySnapshot;
import io.inferline.routing.domain.RouteRequest;
import io.inferline.routing.domain.RoutingEngine;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pool lag measured on a real broker, and the router's least-lag choice following it. */
class KafkaPoolLoadIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String BUSY = "busy-" + SUFFIX;
    private static final String IDLE = "idle-" + SUFFIX;

    private static AdminClient admin;

    @BeforeAll
    static void topics() throws Exception {
        String bootstrap = Infrastructure.shared().kafkaBootstrapServers();
        admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        admin.createTopics(Stream.of(BUSY, IDLE).flatMap(pool -> Topics.jobRequestTopics(pool).stream())
                .map(topic -> new NewTopic(topic, 2, (short) 1)).toList()).all().get();
        // the busy pool's 5 waiting jobs are spread over its lanes: its lag is their sum
        for (int i = 0; i < 5; i++) {
            KafkaTopics.send(bootstrap, Topics.jobRequests(BUSY, i < 3 ? Priority.HIGH : Priority.LOW), "job-" + i, "{}");
        }
        KafkaTopics.send(bootstrap, Topics.jobRequests(IDLE, Priority.NORMAL), "job-x", "{}");
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void lagIsWhatThePoolsGroupHasNotConsumedAndTheRouterPrefersTheLeastLaggingPool() throws Exception {
        var version = new ModelVersionSpec("1", "simulator", null, BUSY, List.of(IDLE), null, null, null, null,
                ModelVersionSpec.ACTIVE, null);
        var registry = new RegistrySnapshot(Map.of("shared", new ModelSpec("shared", "chat", "1", List.of(version), null, null)),
                Map.of(), Map.of());
        RegistryView view = new StaticRegistry(registry);
        var load = new KafkaPoolLoad(admin, view, Clock.systemUTC(), Duration.ofMinutes(10));
        try {
            load.measure(Set.of(BUSY, IDLE));
            assertEquals(OptionalLong.of(5), load.lag(BUSY));
            assertEquals(OptionalLong.of(1), load.lag(IDLE));
            assertEquals(IDLE, route(load, registry));

            consumeAll(BUSY);
            load.measure(Set.of(BUSY, IDLE));
            assertEquals(OptionalLong.of(0), load.lag(BUSY));
            assertEquals(BUSY, route(load, registry));
            assertTrue(load.lag("never-measured").isEmpty());
        } finally {
            load.stop();
        }
    }

    private static String route(KafkaPoolLoad load, RegistrySnapshot registry) {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, load);
        var decision = engine.decide(registry, new RouteRequest("tenant", "shared", Priority.NORMAL, null, "key", Map.of(), Map.of())).orElseThrow();
        return decision.pool();
    }

    /** Commits the end offsets for the pool's worker group, as its workers would after draining the topic. */
    private static void consumeAll(String pool) throws Exception {
        var partitions = Topics.jobRequestTopics(pool).stream()
                .flatMap(topic -> Stream.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1))).toList();
        var request = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
        var ends = admin.listOffsets(request).all().get();
        var commit = new HashMap<TopicPartition, OffsetAndMetadata>();
        ends.forEach((partition, info) -> commit.put(partition, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(Topics.workerGroup(pool), commit).all().get();
    }

    private record StaticRegistry(RegistrySnapshot current) implements RegistryView {
        @Override
        public boolean awaitLoaded(Duration timeout) {
            return true;
        }
    }
}
