package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/configuration.md is the one table of every setting a deployment needs: each environment variable that the
 * Kubernetes renders or compose.yaml set on an Inferline container is in it, with that module among its readers
 * (for the ConfigMap every service shares: some module).
 * A variable that only builds another's value ({@code $(REDIS_PASSWORD)} in a Kubernetes env value) is exempt.
 */
class ConfigurationDocsTest {

    private static final Pattern IMAGE = Pattern.compile("^(.+)/([a-z-]+)(:.*)?$");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @Test
    void everyVariableTheKubernetesManifestsSetIsDocumentedForItsModule() {
        String registry = Delivery.rootPomProperty("image.registry");
        Findings findings = new Findings("environment of the Kubernetes renders against docs/configuration.md");
        Set<String> documentedForAny = new HashSet<>();
        WorkloadRulesTest.DEPLOYABLES.forEach(module -> documentedForAny.addAll(Delivery.documentedFor(module)));
        for (Path dir : Manifests.completeRenders()) {
            Render render = Render.of(dir);
            for (Render.Pod pod : render.pods()) {
                for (JsonNode container : pod.containers()) {
                    Matcher image = IMAGE.matcher(container.path("image").asText());
                    if (!image.matches() || !image.group(1).equals(registry)) {
                        continue;
                    }
                    String module = image.group(2);
                    Map<String, String> env = render.environment(container, pod.namespace());
                    Set<String> documented = Delivery.documentedFor(module);
                    for (JsonNode entry : container.path("env")) {
                        String variable = entry.path("name").asText();
                        findings.require(documented.contains(variable) || onlyBuildsOthers(variable, env),
                                "%s: %s sets %s on %s, which docs/configuration.md does not document for %s",
                                dir, pod.owner().name(), variable, module, module);
                    }
                    // the shared ConfigMap serves every service: each of its variables is read by some module
                    for (String variable : env.keySet()) {
                        findings.require(documentedForAny.contains(variable) || onlyBuildsOthers(variable, env),
                                "%s: %s gets %s, which docs/configuration.md does not document",
                                dir, pod.owner().name(), variable);
                    }
                }
            }
        }
        findings.assertNone();
    }

    /**
     * Inside a pod 127.0.0.1 is the pod itself: every setting of a module whose default is loopback (its database,
     * Redis, Kafka, the API it calls) is set by the manifests. A Redis cluster (REDIS_URIS) stands in for
     * INFERLINE_REDIS_URI.
     */
    @Test
    void everyLoopbackDefaultIsSetInKubernetes() {
        String registry = Delivery.rootPomProperty("image.registry");
        Findings findings = new Findings("loopback defaults in the Kubernetes renders");
        for (Path dir : Manifests.completeRenders()) {
            Render render = Render.of(dir);
            for (Render.Pod pod : render.pods()) {
                for (JsonNode container : pod.containers()) {
                    Matcher image = IMAGE.matcher(container.path("image").asText());
                    if (!image.matches() || !image.group(1).equals(registry)) {
                        continue;
                    }
                    String module = image.group(2);
                    Map<String, String> env = render.environment(container, pod.namespace());
                    for (String variable : Delivery.loopbackDefaults(module)) {
                        boolean set = env.containsKey(variable)
                                || variable.equals("INFERLINE_REDIS_URI") && env.containsKey("REDIS_URIS");
                        findings.require(set, "%s: %s (%s) leaves %s at its loopback default",
                                dir, pod.owner().name(), module, variable);
                    }
                }
            }
        }
        findings.assertNone();
    }

    @Test
    void everyVariableComposeSetsIsDocumented() {
        JsonNode services = Delivery.readYamlWithMerges(Delivery.compose()).path("services");
        Findings findings = new Findings("compose.yaml's environment against docs/configuration.md");
        for (String module : WorkloadRulesTest.DEPLOYABLES) {
            Set<String> documented = Delivery.documentedFor(module);
            services.path(module).path("environment").fieldNames().forEachRemaining(variable ->
                    findings.require(documented.contains(variable),
                            "compose.yaml sets %s on %s, which docs/configuration.md does not document for it",
                            variable, module));
        }
        findings.assertNone();
    }

    private static boolean onlyBuildsOthers(String variable, Map<String, String> env) {
        Set<String> referenced = new HashSet<>();
        env.values().stream().filter(value -> value != null).forEach(value -> {
            Matcher m = REFERENCE.matcher(value);
            while (m.find()) {
                referenced.add(m.group(1));
            }
        });
        return referenced.contains(variable);
    }
}
