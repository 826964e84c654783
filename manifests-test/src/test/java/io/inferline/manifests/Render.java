package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The objects of one render with the look-ups the reference checks need. */
final class Render {

    /** A pod template and the workload that owns it. */
    record Pod(K8sObject owner, JsonNode template) {
        Map<String, String> labels() {
            return K8sObject.podLabels(template);
        }

        JsonNode spec() {
            return template.path("spec");
        }

        String namespace() {
            return owner.namespace();
        }

        List<JsonNode> containers() {
            return K8sObject.allContainers(spec());
        }

        /** Whether a container port of this pod has this name (or, for a number, this number). */
        boolean hasPort(JsonNode port) {
            for (JsonNode c : containers()) {
                for (JsonNode p : c.path("ports")) {
                    if (port.isNumber() ? p.path("containerPort").asInt() == port.asInt()
                            : p.path("name").asText().equals(port.asText())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    final Path dir;
    final List<K8sObject> objects;

    Render(Path dir, List<K8sObject> objects) {
        this.dir = dir;
        this.objects = objects;
    }

    static Render of(Path dir) {
        return new Render(dir, Manifests.render(dir));
    }

    Stream<K8sObject> all(String kind) {
        return objects.stream().filter(o -> o.is(kind));
    }

    Optional<K8sObject> find(String kind, String name) {
        return objects.stream().filter(o -> o.is(kind, name)).findFirst();
    }

    Optional<K8sObject> find(String kind, String name, String namespace) {
        return objects.stream().filter(o -> o.is(kind, name) && o.namespace().equals(namespace)).findFirst();
    }

    List<Pod> pods() {
        List<Pod> pods = new ArrayList<>();
        for (K8sObject o : objects) {
            o.podTemplate().ifPresent(t -> pods.add(new Pod(o, t)));
        }
        return pods;
    }

    /** Pod templates in a namespace matched by a label selector (matchLabels/matchExpressions, or a plain map). */
    List<Pod> podsMatching(JsonNode selector, String namespace) {
        return pods().stream().filter(p -> p.namespace().equals(namespace))
                .filter(p -> Selectors.matches(selector, p.labels())).toList();
    }

    /** Whether a selector names Strimzi-made pods of a Kafka cluster that this render declares. */
    boolean selectsStrimziPods(JsonNode selector, String namespace) {
        Map<String, String> labels = Selectors.matchLabels(selector);
        String cluster = labels.get("strimzi.io/cluster");
        return cluster != null && find("Kafka", cluster, namespace).isPresent();
    }

    /** The Service a host names: "name", "name.ns", "name.ns.svc" or "name.ns.svc.cluster.local". */
    Optional<K8sObject> serviceForHost(String host, String defaultNamespace) {
        String[] parts = host.split("\\.");
        String name = parts[0];
        String namespace = parts.length > 1 ? parts[1] : defaultNamespace;
        if (parts.length > 2 && !(host.endsWith(".svc") || host.endsWith(".svc.cluster.local"))) {
            return Optional.empty();
        }
        return find("Service", name, namespace);
    }

    /** A container's environment: envFrom ConfigMaps (rendered ones) overlaid by its env values. */
    Map<String, String> environment(JsonNode container, String namespace) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText(null);
            if (cm != null) {
                find("ConfigMap", cm, namespace).ifPresent(o -> o.node().path("data").fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
            }
        }
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            } else {
                env.put(e.path("name").asText(), null);
            }
        }
        return env;
    }

    boolean hasKind(String kind) {
        return objects.stream().anyMatch(o -> o.is(kind));
    }
}
