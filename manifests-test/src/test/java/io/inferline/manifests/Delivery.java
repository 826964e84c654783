package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The delivery files (issue 12) and what they must agree with: the GitHub workflows, Dependabot, compose.yaml, the
 * Argo CD resources, the Jib configuration in the root pom, and the settings the services read.
 */
final class Delivery {

    static final String IMAGE_PREFIX = "ghcr.io/inferline/";

    private Delivery() {
    }

    /** YAML with merge keys (compose files use {@code <<: *anchor}; Jackson's YAML parser does not resolve them). */
    static JsonNode readYamlWithMerges(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        try (Reader reader = Files.newBufferedReader(file)) {
            Object document = new Yaml(options).load(reader);
            return Manifests.JSON.valueToTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Path> workflowFiles() {
        Path dir = Manifests.repoRoot().resolve(".github/workflows");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static Path compose() {
        return Manifests.repoRoot().resolve("compose.yaml");
    }

    /** The deployable modules as the {@code ./inferline images} script lists them. */
    static Set<String> imageScriptModules() {
        String script = Manifests.read(Manifests.repoRoot().resolve("inferline"));
        Matcher m = Pattern.compile("(?m)^\\s*modules=([a-z,-]+)\\s*$").matcher(script);
        if (!m.find()) {
            throw new AssertionError("./inferline images has no modules=... line");
        }
        return new TreeSet<>(List.of(m.group(1).split(",")));
    }

    /** A property of the root pom (image.registry, image.tag, ...). */
    static String rootPomProperty(String name) {
        String pom = Manifests.read(Manifests.repoRoot().resolve("pom.xml"));
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(pom);
        if (!m.find()) {
            throw new AssertionError("root pom.xml has no <" + name + "> property");
        }
        return m.group(1).trim();
    }

    /** The Jib target image of the root pom's configuration, e.g. ${image.registry}/${project.artifactId}:${image.tag}. */
    static String jibTargetImage() {
        String pom = Manifests.read(Manifests.repoRoot().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>jib-maven-plugin</artifactId>.*?<to>\\s*<image>([^<]+)</image>",
                Pattern.DOTALL).matcher(pom);
        if (!m.find()) {
            throw new AssertionError("root pom.xml configures no jib-maven-plugin <to><image>");
        }
        return m.group(1).trim();
    }

    /** The environment variables a module's own configuration reads: ${VAR} and ${VAR:default} placeholders. */
    static Set<String> placeholders(String module) {
        Set<String> vars = new LinkedHashSet<>();
        for (String path : new String[]{module + "/src/main/resources/application.yml",
                module + "/src/main/resources/inferline-module.yml", "common/src/main/resources/inferline-module.yml"}) {
            Path file = Manifests.repoRoot().resolve(path);
            if (Files.isRegularFile(file)) {
                Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}").matcher(Manifests.read(file));
                while (m.find()) {
                    vars.add(m.group(1));
                }
            }
        }
        return vars;
    }

    /** Placeholders whose default points at the loopback interface: inside a container they must be set. */
    static Set<String> loopbackDefaults(String module) {
        Set<String> vars = new LinkedHashSet<>();
        for (String path : new String[]{module + "/src/main/resources/application.yml",
                module + "/src/main/resources/inferline-module.yml", "common/src/main/resources/inferline-module.yml"}) {
            Path file = Manifests.repoRoot().resolve(path);
            if (Files.isRegularFile(file)) {
                Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):`?[^}]*(127\\.0\\.0\\.1|localhost)[^}]*}")
                        .matcher(Manifests.read(file));
                while (m.find()) {
                    vars.add(m.group(1));
                }
            }
        }
        return vars;
    }

    /**
     * Variables docs/configuration.md documents for a module ("used by" names it, or "all"): settings Micronaut maps
     * from the environment without a placeholder (INFERLINE_INFERENCE_POOL, ENDPOINTS_ALL_PORT, ...).
     */
    static Set<String> documentedFor(String module) {
        Set<String> vars = new LinkedHashSet<>();
        for (String line : Manifests.read(Manifests.repoRoot().resolve("docs/configuration.md")).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].contains("`")) {
                continue;
            }
            String usedBy = cells[2];
            boolean applies = usedBy.contains("all") || List.of(usedBy.replace(" ", "").split(",")).contains(module);
            if (applies) {
                Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]*)`").matcher(cells[1]);
                while (m.find()) {
                    vars.add(m.group(1));
                }
            }
        }
        return vars;
    }
}
