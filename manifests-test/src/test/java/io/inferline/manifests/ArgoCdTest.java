package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * infra/argocd: one Application per overlay with automated sync, prune and self-heal, inside the AppProject's
 * limits; sync waves that put the platform before the services (checked on the overlay rendered with the
 * Application's own kustomize patches); Image Updater annotations that follow semver tags of exactly our images and
 * write back to git. (Schema validation of these objects is SchemaTest's, which renders infra/argocd too.)
 */
class ArgoCdTest {

    private static final Path ARGOCD = Path.of("infra/argocd");
    private static final Set<String> PLATFORM_COMPONENTS = Set.of("kafka", "kafka-controller", "kafka-broker",
            "database", "connection-pooler", "cache");
    private static final Set<String> SERVICE_COMPONENTS = Set.of("service", "worker");
    private static final String WAVE = "argocd.argoproj.io/sync-wave";
    private static final String UPDATER = "argocd-image-updater.argoproj.io/";

    @Test
    void oneAutomatedApplicationPerOverlayWithinTheProject() {
        List<K8sObject> objects = Manifests.render(ARGOCD);
        JsonNode project = objects.stream().filter(o -> o.is("AppProject")).findFirst().orElseThrow().node();
        Set<String> paths = new TreeSet<>();
        Findings findings = new Findings("Argo CD Applications");
        for (K8sObject app : objects.stream().filter(o -> o.is("Application")).toList()) {
            JsonNode spec = app.node().path("spec");
            String path = spec.path("source").path("path").asText();
            paths.add(path);
            findings.require(spec.path("project").asText().equals(project.path("metadata").path("name").asText()),
                    "%s is not in the AppProject", app.ref());
            JsonNode automated = spec.path("syncPolicy").path("automated");
            findings.require(automated.path("prune").asBoolean() && automated.path("selfHeal").asBoolean(),
                    "%s: automated sync without prune and selfHeal", app.ref());
            String repo = spec.path("source").path("repoURL").asText();
            findings.require(contains(project.path("spec").path("sourceRepos"), repo), "%s: repo %s not allowed", app.ref(), repo);
            JsonNode destination = spec.path("destination");
            boolean allowed = false;
            for (JsonNode d : project.path("spec").path("destinations")) {
                allowed |= d.path("server").asText().equals(destination.path("server").asText())
                        && d.path("namespace").asText().equals(destination.path("namespace").asText());
            }
            findings.require(allowed, "%s: destination not allowed by the AppProject", app.ref());

            // what the Application deploys must fit the project: its namespace, and only whitelisted cluster kinds
            for (K8sObject o : renderWithApplicationPatches(app)) {
                String ns = o.node().path("metadata").path("namespace").asText("");
                if (ns.isEmpty()) {
                    boolean whitelisted = false;
                    for (JsonNode w : project.path("spec").path("clusterResourceWhitelist")) {
                        whitelisted |= w.path("kind").asText().equals(o.kind());
                    }
                    findings.require(whitelisted, "%s deploys cluster-scoped %s, not whitelisted", app.ref(), o.ref());
                } else {
                    findings.require(ns.equals(destination.path("namespace").asText()),
                            "%s deploys %s into namespace %s", app.ref(), o.ref(), ns);
                }
            }
        }
        findings.assertNone();
        Set<String> overlays = new TreeSet<>();
        Manifests.overlays().forEach(o -> overlays.add(o.toString()));
        assertEquals(overlays, paths, "one Application per overlay");
    }

    /** Namespace and configuration, then the platform, then the services: on the objects the Application syncs. */
    @Test
    void syncWavesPutThePlatformBeforeTheServices() {
        Findings findings = new Findings("sync waves");
        for (K8sObject app : Manifests.render(ARGOCD).stream().filter(o -> o.is("Application")).toList()) {
            List<K8sObject> objects = renderWithApplicationPatches(app);
            int platformMax = Integer.MIN_VALUE;
            int servicesMin = Integer.MAX_VALUE;
            int platformCount = 0;
            int serviceCount = 0;
            for (K8sObject o : objects) {
                String component = o.labels().getOrDefault("app.kubernetes.io/component", "");
                int wave = Integer.parseInt(o.node().path("metadata").path("annotations").path(WAVE).asText("0"));
                if (PLATFORM_COMPONENTS.contains(component)) {
                    platformMax = Math.max(platformMax, wave);
                    platformCount++;
                } else if (SERVICE_COMPONENTS.contains(component)) {
                    servicesMin = Math.min(servicesMin, wave);
                    serviceCount++;
                }
                if (o.is("Namespace")) {
                    findings.require(wave < 0, "%s: the Namespace is in wave %s", app.ref(), wave);
                }
            }
            findings.require(platformCount > 0 && serviceCount > 0, "%s renders no platform or no services", app.ref());
            findings.require(platformMax < servicesMin, "%s: platform up to wave %s, services from wave %s",
                    app.ref(), platformMax, servicesMin);
        }
        findings.assertNone();
    }

    /** Image Updater follows semver tags of exactly the images the overlays pin, and writes back to git. */
    @Test
    void imageUpdaterFollowsSemverTagsOfOurImagesAndWritesBackToGit() {
        Findings findings = new Findings("Argo CD Image Updater annotations");
        for (K8sObject app : Manifests.render(ARGOCD).stream().filter(o -> o.is("Application")).toList()) {
            Map<String, String> annotations = annotations(app.node());
            Map<String, String> aliases = new LinkedHashMap<>();
            for (String entry : annotations.getOrDefault(UPDATER + "image-list", "").split(",")) {
                String[] parts = entry.strip().split("=", 2);
                if (parts.length == 2) {
                    aliases.put(parts[0], parts[1].replaceFirst(":[^/]*$", ""));
                }
            }
            Set<String> images = new TreeSet<>(aliases.values());
            Path overlay = Path.of(app.node().path("spec").path("source").path("path").asText());
            Set<String> pinned = new TreeSet<>();
            Manifests.kustomization(overlay).path("images").forEach(i -> pinned.add(i.path("name").asText()));
            findings.require(images.equals(pinned), "%s: Image Updater follows %s, the overlay pins %s", app.ref(), images, pinned);
            for (String alias : aliases.keySet()) {
                findings.require("semver".equals(annotations.get(UPDATER + alias + ".update-strategy")),
                        "%s: %s does not follow semver tags", app.ref(), alias);
            }
            findings.require(annotations.getOrDefault(UPDATER + "write-back-method", "").startsWith("git"),
                    "%s: Image Updater does not write back to git", app.ref());
            findings.require("kustomization".equals(annotations.get(UPDATER + "write-back-target")),
                    "%s: write-back target is not the overlay's kustomization", app.ref());
        }
        findings.assertNone();
    }

    /** The overlay as Argo CD syncs it: rendered with the Application's spec.source.kustomize.patches. */
    static List<K8sObject> renderWithApplicationPatches(K8sObject app) {
        JsonNode source = app.node().path("spec").path("source");
        String name = app.node().path("metadata").path("name").asText();
        Path dir = Manifests.repoRoot().resolve("manifests-test/target/argocd-render").resolve(name);
        try {
            Files.createDirectories(dir);
            ObjectNode kustomization = Manifests.JSON.createObjectNode();
            kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
            kustomization.put("kind", "Kustomization");
            kustomization.putArray("resources").add(dir.relativize(Manifests.repoRoot().resolve(source.path("path").asText())).toString());
            kustomization.set("patches", source.path("kustomize").path("patches"));
            Files.writeString(dir.resolve("kustomization.yaml"), Manifests.YAML.writeValueAsString(kustomization));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Manifests.render(Manifests.repoRoot().relativize(dir));
    }

    private static Map<String, String> annotations(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.path("metadata").path("annotations").fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static boolean contains(JsonNode array, String value) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values.contains(value);
    }
}
