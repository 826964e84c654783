package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compose.yaml: the Compose Specification schema, and agreement with the images and the services' settings. */
class ComposeTest {

    private static final Set<String> PLATFORM = Set.of("postgres", "pgbouncer", "redis", "kafka", "rabbitmq");

    @Test
    void composeMatchesTheComposeSpecification() {
        JsonNode compose = Delivery.readYamlWithMerges(Delivery.compose());
        assertEquals(List.of(), SchemaValidator.get().validate("schemas/compose-spec.json", compose));
    }

    /** The platform and every deployable module, each with a health check; services wait for healthy dependencies. */
    @Test
    void everyServiceHasAHealthCheckAndWaitsForHealthyDependencies() {
        JsonNode services = Delivery.readYamlWithMerges(Delivery.compose()).path("services");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        Set<String> expected = new TreeSet<>(PLATFORM);
        expected.addAll(WorkloadRulesTest.DEPLOYABLES);
        assertEquals(expected, names);
        Findings findings = new Findings("compose.yaml health checks and ordering");
        services.fields().forEachRemaining(e -> {
            JsonNode test = e.getValue().path("healthcheck").path("test");
            findings.require(test.isArray() && test.size() > 1, "%s has no health check", e.getKey());
            e.getValue().path("depends_on").fields().forEachRemaining(d -> {
                findings.require(services.has(d.getKey()), "%s depends on unknown %s", e.getKey(), d.getKey());
                findings.require(d.getValue().path("condition").asText().equals("service_healthy"),
                        "%s waits for %s without condition: service_healthy", e.getKey(), d.getKey());
            });
        });
        for (String module : WorkloadRulesTest.DEPLOYABLES) {
            JsonNode service = services.path(module);
            findings.require(service.path("user").asText().equals("65532:65532"), "%s does not run as 65532", module);
            findings.require(service.path("read_only").asBoolean(), "%s has a writable root filesystem", module);
            findings.require(service.path("depends_on").has("kafka"), "%s does not wait for Kafka", module);
            String probe = service.path("healthcheck").path("test").toString();
            findings.require(probe.contains("/health/readiness"), "%s's health check is not its readiness endpoint", module);
        }
        findings.assertNone();
    }

    /**
     * Images are the Jib ones (same registry, name and default tag); the ports and the health check's port are the
     * ones the service's environment sets; every variable is one the module reads (its configuration placeholders or
     * docs/configuration.md), and every setting whose default is loopback is set (127.0.0.1 is the container itself).
     */
    @Test
    void imagesPortsAndEnvironmentMatchWhatTheServicesRead() {
        JsonNode services = Delivery.readYamlWithMerges(Delivery.compose()).path("services");
        String registry = Delivery.rootPomProperty("image.registry");
        String tag = Delivery.rootPomProperty("image.tag");
        AppConfig.PortSetting port = AppConfig.serverPort();
        Findings findings = new Findings("compose.yaml against the images and the services' settings");
        for (String module : WorkloadRulesTest.DEPLOYABLES) {
            JsonNode service = services.path(module);
            String image = service.path("image").asText();
            Matcher m = Pattern.compile("^(.+)/([a-z-]+):\\$\\{INFERLINE_VERSION:-([^}]+)}$").matcher(image);
            if (!m.matches()) {
                findings.add("%s: image %s is not <registry>/<module>:${INFERLINE_VERSION:-<tag>}", module, image);
                continue;
            }
            findings.require(m.group(1).equals(registry) && m.group(2).equals(module) && m.group(3).equals(tag),
                    "%s: image %s differs from Jib's %s/%s:%s", module, image, registry, module, tag);

            Map<String, String> env = Manifests.JSON.convertValue(service.path("environment"), Map.class);
            Set<String> reads = new TreeSet<>(Delivery.placeholders(module));
            reads.addAll(Delivery.documentedFor(module));
            reads.add(AppConfig.MANAGEMENT_PORT_VARIABLE);
            for (String variable : env.keySet()) {
                findings.require(reads.contains(variable), "%s: %s is set but %s does not read it", module, variable, module);
            }
            for (String variable : Delivery.loopbackDefaults(module)) {
                findings.require(env.containsKey(variable), "%s: %s defaults to loopback and is not set", module, variable);
            }
            int appPort = Integer.parseInt(env.getOrDefault(port.variable(), String.valueOf(port.defaultPort())));
            String management = env.get(AppConfig.MANAGEMENT_PORT_VARIABLE);
            findings.require(management != null, "%s: %s is not set (health on its own port, as in Kubernetes)",
                    module, AppConfig.MANAGEMENT_PORT_VARIABLE);
            String probe = service.path("healthcheck").path("test").toString();
            findings.require(management == null || probe.contains("127.0.0.1:" + management + "/health/"),
                    "%s: the health check does not probe the management port %s", module, management);
            for (JsonNode published : service.path("ports")) {
                String[] parts = published.asText().split(":");
                findings.require(parts[parts.length - 1].equals(String.valueOf(appPort)),
                        "%s: publishes container port %s but the app listens on %s", module, parts[parts.length - 1], appPort);
            }
        }
        findings.assertNone();
    }
}
