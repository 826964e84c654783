package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One rendered Kubernetes object and the parts of it the checks look at. */
record K8sObject(ObjectNode node, Path source, int index) {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet");

    String apiVersion() {
        return node.path("apiVersion").asText();
    }

    String kind() {
        return node.path("kind").asText();
    }

    String name() {
        return node.path("metadata").path("name").asText();
    }

    String namespace() {
        return node.path("metadata").path("namespace").asText("");
    }

    JsonNode spec() {
        return node.path("spec");
    }

    Map<String, String> labels() {
        return strings(node.path("metadata").path("labels"));
    }

    /** Key of ../shared/k8s-schemas/strict/index.json: group/version/kind in lower case, core group as v1/kind. */
    String schemaKey() {
        return (apiVersion() + "/" + kind()).toLowerCase(Locale.ROOT);
    }

    /** Kind/name for messages. */
    String ref() {
        return kind() + "/" + name();
    }

    boolean is(String kind) {
        return kind().equals(kind);
    }

    boolean is(String kind, String name) {
        return kind().equals(kind) && name().equals(name);
    }

    /** The pod template of a workload (CronJob: its job's template). */
    Optional<JsonNode> podTemplate() {
        if (WORKLOADS.contains(kind())) {
            return Optional.of(spec().path("template"));
        }
        if (is("CronJob")) {
            return Optional.of(spec().path("jobTemplate").path("spec").path("template"));
        }
        return Optional.empty();
    }

    /** Whether the pods run until stopped (probes apply) rather than to completion. */
    boolean longRunning() {
        return Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet").contains(kind());
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static Map<String, String> podLabels(JsonNode template) {
        return strings(template.path("metadata").path("labels"));
    }

    /** Containers and init containers of a pod template's spec. */
    static List<JsonNode> allContainers(JsonNode podSpec) {
        List<JsonNode> out = new ArrayList<>();
        podSpec.path("initContainers").forEach(out::add);
        podSpec.path("containers").forEach(out::add);
        return out;
    }

    /** Containers that run for the pod's life: regular ones and native sidecars (init containers that restart). */
    static List<JsonNode> runningContainers(JsonNode podSpec) {
        List<JsonNode> out = new ArrayList<>();
        podSpec.path("initContainers").forEach(c -> {
            if ("Always".equals(c.path("restartPolicy").asText())) {
                out.add(c);
            }
        });
        podSpec.path("containers").forEach(out::add);
        return out;
    }

    @Override
    public String toString() {
        return source + ": " + ref();
    }
}
