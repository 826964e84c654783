package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Where the manifests and the shared reference data are, and their renders: every directory with a
 * kustomization.yaml under infra/, istio/ and monitoring/, rendered once per test JVM with {@code kubectl kustomize}.
 */
final class Manifests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private static final List<String> MANIFEST_ROOTS = List.of("infra", "istio", "monitoring");
    private static final Map<Path, List<K8sObject>> RENDERS = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The manifests-test module directory (Maven runs tests there; Surefire also passes it as "basedir"). */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    static Path repoRoot() {
        return moduleDir().getParent();
    }

    /** ../shared of the repository: {@code -Dinferline.shared.dir=...}, else ../../shared from this module. */
    static Path sharedDir() {
        String configured = System.getProperty("inferline.shared.dir");
        Path dir = (configured != null && !configured.isBlank() ? Path.of(configured) : moduleDir().resolve("../../shared"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("k8s-schemas/strict/index.json"))) {
            fail("the shared reference data (k8s-schemas/strict/index.json) is not at " + dir
                    + ": check out the shared folder next to the repository or pass -Dinferline.shared.dir=/path/to/shared");
        }
        return dir;
    }

    /** Every directory holding a kustomization.yaml, relative to the repository root, sorted. */
    static List<Path> kustomizationDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String root : MANIFEST_ROOTS) {
            Path start = repoRoot().resolve(root);
            if (!Files.isDirectory(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                        .map(p -> repoRoot().relativize(p.getParent()))
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        dirs.sort(Comparator.comparing(Path::toString));
        return dirs;
    }

    static JsonNode kustomization(Path dir) {
        return readYaml(repoRoot().resolve(dir).resolve("kustomization.yaml"));
    }

    static boolean isComponent(Path dir) {
        return "Component".equals(kustomization(dir).path("kind").asText());
    }

    /** What a user applies: the overlays. */
    static List<Path> overlays() {
        return kustomizationDirs().stream().filter(d -> d.startsWith("infra/overlays")).toList();
    }

    /** The scenario per combination of components. */
    static List<Path> scenarios() {
        return kustomizationDirs().stream().filter(d -> d.startsWith("infra/tests")).toList();
    }

    /** Renders that hold a whole deployment (overlays and scenarios): references inside them must all resolve. */
    static List<Path> completeRenders() {
        List<Path> all = new ArrayList<>(overlays());
        all.addAll(scenarios());
        return all;
    }

    /** Every kustomization that can be built on its own (components are built through the scenarios that use them). */
    static List<Path> renderable() {
        return kustomizationDirs().stream().filter(d -> !isComponent(d)).toList();
    }

    static List<K8sObject> render(Path dir) {
        return RENDERS.computeIfAbsent(dir, Manifests::kustomize);
    }

    private static List<K8sObject> kustomize(Path dir) {
        String kubectl = Kubectl.path();
        Path out;
        Path err;
        try {
            out = Files.createTempFile("kustomize", ".yaml");
            err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl, "kustomize", repoRoot().resolve(dir).toString())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl kustomize " + dir + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                fail("kubectl kustomize " + dir + " failed:\n" + Files.readString(err));
            }
            List<K8sObject> objects = new ArrayList<>();
            String yaml = Files.readString(out, StandardCharsets.UTF_8);
            int index = 0;
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                objects.add(new K8sObject((ObjectNode) doc, dir, index++));
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return List.copyOf(objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<JsonNode> readYamlDocuments(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
