package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** .github/: every workflow and the Dependabot config against their schemas, and what the workflows must do. */
class WorkflowTest {

    @TestFactory
    Stream<DynamicTest> everyWorkflowMatchesTheSchema() {
        List<Path> files = Delivery.workflowFiles();
        assertFalse(files.isEmpty(), "no workflow in .github/workflows");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<String> problems = SchemaValidator.get().validate("schemas/github-workflow.json", Manifests.readYaml(file));
            assertEquals(List.of(), problems, file + " against github-workflow.json");
        }));
    }

    @Test
    void dependabotMatchesTheSchemaAndCoversMavenAndActions() {
        JsonNode config = Manifests.readYaml(Manifests.repoRoot().resolve(".github/dependabot.yml"));
        assertEquals(List.of(), SchemaValidator.get().validate("schemas/dependabot-2.0.json", config));
        Set<String> ecosystems = new TreeSet<>();
        config.path("updates").forEach(u -> ecosystems.add(u.path("package-ecosystem").asText()));
        assertEquals(Set.of("github-actions", "maven"), ecosystems);
    }

    /** The README's test command is what CI runs, on pull requests and on pushes. */
    @Test
    void ciRunsTheReadmeTestCommandOnPullRequestsAndPushes() {
        String readme = Manifests.read(Manifests.repoRoot().resolve("README.md"));
        Matcher m = Pattern.compile("(?m)^(\\./inferline test)\\b").matcher(readme);
        assertTrue(m.find(), "README.md shows no ./inferline test command");
        String command = m.group(1);

        JsonNode ci = Manifests.readYaml(Manifests.repoRoot().resolve(".github/workflows/ci.yml"));
        assertTrue(ci.path("on").has("pull_request") && ci.path("on").has("push"), "ci.yml runs on pull_request and push");
        List<JsonNode> steps = steps(ci);
        assertTrue(steps.stream().anyMatch(s -> s.path("run").asText().strip().equals(command)),
                "a step of ci.yml runs exactly '" + command + "'");
        assertTrue(steps.stream().anyMatch(s -> s.path("uses").asText().startsWith("actions/setup-java@")
                        && s.path("with").path("cache").asText().equals("maven")),
                "ci.yml caches Maven's repository (actions/setup-java with cache: maven)");
        // the Debian packages .ci/run installs for the tests' real infrastructure
        String ciRun = Manifests.read(Manifests.repoRoot().resolve(".ci/run"));
        Matcher packages = Pattern.compile("packages=\\(([^)]*)\\)").matcher(ciRun);
        assertTrue(packages.find(), ".ci/run lists its packages");
        String installs = steps.stream().map(s -> s.path("run").asText()).filter(r -> r.contains("apt-get install"))
                .findFirst().orElse("");
        for (String p : packages.group(1).trim().split("\\s+")) {
            assertTrue(Pattern.compile("(^|\\s)" + Pattern.quote(p) + "(\\s|$)").matcher(installs).find(),
                    "ci.yml does not install " + p + " (from .ci/run)");
        }
    }

    /** On v* tags, one image per deployable module is built with Jib and pushed, tagged with the version. */
    @Test
    void releaseBuildsAndPushesOneImagePerModuleOnVersionTags() {
        JsonNode release = Manifests.readYaml(Manifests.repoRoot().resolve(".github/workflows/release.yml"));
        List<String> tags = Manifests.JSON.convertValue(release.path("on").path("push").path("tags"), List.class);
        assertEquals(List.of("v*"), tags);
        JsonNode job = release.path("jobs").path("images");
        Set<String> modules = new TreeSet<>();
        job.path("strategy").path("matrix").path("module").forEach(m -> modules.add(m.asText()));
        assertEquals(new TreeSet<>(WorkloadRulesTest.DEPLOYABLES), modules, "release matrix = the deployable modules");
        assertEquals(Delivery.imageScriptModules(), modules, "release matrix = ./inferline images' modules");
        String build = steps(release).stream().map(s -> s.path("run").asText())
                .filter(r -> r.contains("-Dimages=registry")).findFirst().orElse("");
        assertTrue(build.contains("-pl ${{ matrix.module }}"), "the Jib build runs per matrix module");
        assertTrue(build.contains("-Dimage.tag=${{ steps.version.outputs.tag }}"), "images are tagged with the version");
        assertTrue(build.contains("-Djib.to.auth.password=\"$REGISTRY_PASSWORD\""), "registry credentials are passed");
        String env = job.toString();
        assertTrue(env.contains("secrets.REGISTRY_PASSWORD"), "the registry password comes from repository secrets");
        assertTrue(steps(release).stream().anyMatch(s -> s.path("run").asText().contains("GITHUB_REF_NAME#v")),
                "the version is the tag without its v");
    }

    private static List<JsonNode> steps(JsonNode workflow) {
        List<JsonNode> all = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(all::add));
        return all;
    }
}
