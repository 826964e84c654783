package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Kafka as the code declares it: the KafkaTopics are exactly {@link Topics}' fixed topics plus one request topic per
 * worker pool that is deployed, and each pool's KEDA trigger watches that pool's topic in the group its worker
 * consumes in, never allowing more workers than the topic has partitions.
 */
class KafkaTest {

    /** The worker's consumer group, as the inference worker joins it. */
    static String consumerGroup(String pool) {
        return Topics.workerGroup(pool);
    }

    /** The topic constants of {@link Topics}: every public static final String. */
    static Set<String> fixedTopics() {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()) && f.getType() == String.class) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    @Test
    void topicsAreReadFromTheContracts() {
        assertFalse(fixedTopics().isEmpty(), "no topic constants found on " + Topics.class);
        assertEquals("inferline.jobs.sim.normal.v1", Topics.jobRequests("sim", Priority.NORMAL));
    }

    @TestFactory
    Stream<DynamicContainer> kafka() {
        return Manifests.completeRenders().stream().map(dir -> DynamicContainer.dynamicContainer(dir.toString(), Stream.of(
                DynamicTest.dynamicTest("KafkaTopics match the code's topic declarations", () -> topics(Render.of(dir))),
                DynamicTest.dynamicTest("KEDA triggers watch each pool's topic and group", () -> keda(Render.of(dir))),
                DynamicTest.dynamicTest("bootstrap servers name the Kafka cluster", () -> bootstrap(Render.of(dir))))));
    }

    /**
     * Worker pools deployed in a render: INFERLINE_INFERENCE_POOL (or a single INFERLINE_INFERENCE_POOLS) of each
     * Deployment, by Deployment name. A Deployment serves one pool, since KEDA scales it on one group's lag.
     */
    static Map<String, String> pools(Render render) {
        Map<String, String> pools = new TreeMap<>();
        render.all("Deployment").forEach(d -> d.podTemplate().ifPresent(t -> {
            for (JsonNode c : K8sObject.allContainers(t.path("spec"))) {
                var environment = render.environment(c, d.namespace());
                String pool = environment.getOrDefault("INFERLINE_INFERENCE_POOLS",
                        environment.get("INFERLINE_INFERENCE_POOL"));
                if (pool != null) {
                    pools.put(d.name(), pool);
                }
            }
        }));
        return pools;
    }

    private static void topics(Render render) {
        Findings findings = new Findings("KafkaTopics of " + render.dir);
        Map<String, K8sObject> byName = new TreeMap<>();
        render.all("KafkaTopic").forEach(t -> {
            String topic = t.spec().path("topicName").asText(t.name());
            findings.require(byName.put(topic, t) == null, "topic %s is declared twice", topic);
            String cluster = t.labels().get("strimzi.io/cluster");
            Optional<K8sObject> kafka = render.find("Kafka", String.valueOf(cluster), t.namespace());
            findings.require(kafka.isPresent(), "KafkaTopic %s belongs to Kafka cluster %s, which is not rendered", t.name(), cluster);
            int replicas = t.spec().path("replicas").asInt();
            int brokers = brokers(render, String.valueOf(cluster), t.namespace());
            findings.require(replicas <= brokers, "KafkaTopic %s wants %d replicas but cluster %s has %d brokers",
                    t.name(), replicas, cluster, brokers);
            int minIsr = t.spec().path("config").path("min.insync.replicas").asInt(1);
            findings.require(replicas == 1 ? minIsr == 1 : minIsr < replicas,
                    "KafkaTopic %s: min.insync.replicas %d with %d replicas (no broker may fail)", t.name(), minIsr, replicas);
        });
        if (byName.isEmpty()) {
            findings.assertNone();
            return;
        }
        for (String fixed : fixedTopics()) {
            findings.require(byName.containsKey(fixed), "Topics declares %s, but no KafkaTopic creates it", fixed);
        }
        Map<String, String> pools = pools(render);
        Set<String> poolTopics = new TreeSet<>();
        pools.values().forEach(p -> poolTopics.addAll(Topics.jobRequestTopics(p)));
        for (String topic : byName.keySet()) {
            findings.require(fixedTopics().contains(topic) || poolTopics.contains(topic),
                    "KafkaTopic %s is neither a Topics constant nor a lane topic (Topics.jobRequests) of a deployed pool",
                    topic);
        }
        pools.forEach((deployment, pool) -> Topics.jobRequestTopics(pool).forEach(lane ->
                findings.require(byName.containsKey(lane), "%s serves pool %s, but no KafkaTopic creates its lane %s",
                        deployment, pool, lane)));
        findings.assertNone();
    }

    private static int brokers(Render render, String cluster, String namespace) {
        return render.all("KafkaNodePool")
                .filter(p -> p.namespace().equals(namespace) && cluster.equals(p.labels().get("strimzi.io/cluster")))
                .filter(p -> {
                    for (JsonNode role : p.spec().path("roles")) {
                        if (role.asText().equals("broker")) {
                            return true;
                        }
                    }
                    return false;
                })
                .mapToInt(p -> p.spec().path("replicas").asInt())
                .sum();
    }

    private static void keda(Render render) {
        Findings findings = new Findings("ScaledObjects of " + render.dir);
        Map<String, String> pools = pools(render);
        if (render.hasKind("ScaledObject")) {
            pools.forEach((deployment, pool) -> findings.require(render.all("ScaledObject").anyMatch(so ->
                            so.spec().path("scaleTargetRef").path("name").asText().equals(deployment)),
                    "%s (pool %s) is not scaled by KEDA although this render uses KEDA", deployment, pool));
        }
        render.all("ScaledObject").forEach(so -> {
            String target = so.spec().path("scaleTargetRef").path("name").asText();
            String pool = pools.get(target);
            findings.require(pool != null, "ScaledObject %s scales %s, which serves no inference pool", so.name(), target);
            JsonNode triggers = so.spec().path("triggers");
            findings.require(triggers.size() == 1 && triggers.get(0).path("type").asText().equals("kafka"),
                    "ScaledObject %s must scale on exactly one kafka trigger", so.name());
            if (pool == null || triggers.isEmpty()) {
                return;
            }
            JsonNode m = triggers.get(0).path("metadata");
            // without a topic KEDA sums the group's lag over all its topics: the pool's lanes
            findings.require(m.path("topic").isMissingNode(), "ScaledObject %s watches only topic %s; pool %s consumes "
                    + "%s", so.name(), m.path("topic").asText(), pool, Topics.jobRequestTopics(pool));
            findings.require(m.path("consumerGroup").asText().equals(consumerGroup(pool)),
                    "ScaledObject %s watches group %s; pool %s consumes in %s", so.name(), m.path("consumerGroup").asText(),
                    pool, consumerGroup(pool));
            for (String threshold : Set.of("lagThreshold", "activationLagThreshold")) {
                findings.require(m.path(threshold).asText().matches("[1-9][0-9]*"), "ScaledObject %s: %s is '%s'",
                        so.name(), threshold, m.path(threshold).asText());
            }
            findings.require(m.path("offsetResetPolicy").asText().equals("earliest"),
                    "ScaledObject %s: offsetResetPolicy must be earliest, like the worker's listener", so.name());
            int max = so.spec().path("maxReplicaCount").asInt(100);
            for (String topic : Topics.jobRequestTopics(pool)) {
                Optional<K8sObject> kafkaTopic = render.all("KafkaTopic")
                        .filter(t -> t.spec().path("topicName").asText(t.name()).equals(topic)).findFirst();
                findings.require(kafkaTopic.isPresent(), "ScaledObject %s scales pool %s, but no KafkaTopic creates %s",
                        so.name(), pool, topic);
                kafkaTopic.ifPresent(t -> findings.require(max <= t.spec().path("partitions").asInt(),
                        "ScaledObject %s allows %d workers but %s has %d partitions", so.name(), max, topic,
                        t.spec().path("partitions").asInt()));
            }
            bootstrapServers(findings, render, so.ref(), m.path("bootstrapServers").asText(), so.namespace(), true);
        });
        findings.assertNone();
    }

    private static void bootstrap(Render render) {
        Findings findings = new Findings("Kafka bootstrap servers of " + render.dir);
        for (Render.Pod pod : render.pods()) {
            for (JsonNode c : pod.containers()) {
                String servers = render.environment(c, pod.namespace()).get("INFERLINE_KAFKA_BOOTSTRAP_SERVERS");
                if (servers != null) {
                    bootstrapServers(findings, render, pod.owner().ref(), servers, pod.namespace(), false);
                }
            }
        }
        findings.assertNone();
    }

    /** "main-kafka-bootstrap[.ns[.svc[.cluster.local]]]:port" of a rendered Kafka with a listener on that port. */
    private static void bootstrapServers(Findings findings, Render render, String user, String servers, String namespace,
                                         boolean fromOtherNamespace) {
        for (String server : servers.split(",")) {
            String[] hostPort = server.trim().split(":");
            if (hostPort.length != 2) {
                findings.add("%s: bootstrap server '%s' is not host:port", user, server);
                continue;
            }
            String[] host = hostPort[0].split("\\.");
            String service = host[0];
            String ns = host.length > 1 ? host[1] : namespace;
            findings.require(!fromOtherNamespace || host.length > 2,
                    "%s: %s is read from KEDA's namespace and must be qualified (<svc>.<ns>.svc)", user, server);
            findings.require(ns.equals(namespace), "%s: %s is in namespace %s, not %s", user, server, ns, namespace);
            if (!service.endsWith("-kafka-bootstrap")) {
                findings.add("%s: %s is not a Strimzi bootstrap service (<cluster>-kafka-bootstrap)", user, server);
                continue;
            }
            String cluster = service.substring(0, service.length() - "-kafka-bootstrap".length());
            Optional<K8sObject> kafka = render.find("Kafka", cluster, namespace);
            findings.require(kafka.isPresent(), "%s: %s names Kafka cluster %s, which is not rendered", user, server, cluster);
            kafka.ifPresent(k -> {
                boolean listener = false;
                for (JsonNode l : k.spec().path("kafka").path("listeners")) {
                    listener |= String.valueOf(l.path("port").asInt()).equals(hostPort[1]);
                }
                findings.require(listener, "%s: Kafka %s has no listener on port %s", user, cluster, hostPort[1]);
            });
        }
    }
}
