package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kustomization renders, is well-formed, and every component is exercised by a scenario. */
class RenderTest {

    @TestFactory
    Stream<DynamicTest> everyKustomizationRenders() {
        return Manifests.renderable().stream().map(dir -> DynamicTest.dynamicTest(dir.toString(), () -> {
            List<K8sObject> objects = Manifests.render(dir);
            assertFalse(objects.isEmpty(), dir + " renders nothing");
        }));
    }

    @Test
    void overlaysAndScenariosExist() {
        assertEquals(Set.of("dev", "prod"), names(Manifests.overlays()), "overlays");
        assertTrue(Manifests.scenarios().size() >= 5, "infra/tests holds a scenario per combination");
    }

    @Test
    void everyKustomizationFileMatchesTheKustomizationSchema() {
        Findings findings = new Findings("kustomization.yaml against ../shared/schemas/kustomization.json");
        for (Path dir : Manifests.kustomizationDirs()) {
            for (String problem : SchemaValidator.get().validate("schemas/kustomization.json", Manifests.kustomization(dir))) {
                findings.add("%s: %s", dir, problem);
            }
        }
        findings.assertNone();
    }

    @Test
    void everyComponentIsRenderedByAScenario() {
        Set<Path> components = new TreeSet<>();
        for (Path dir : Manifests.kustomizationDirs()) {
            if (Manifests.isComponent(dir)) {
                components.add(dir);
            }
        }
        Set<Path> used = new TreeSet<>();
        for (Path scenario : Manifests.scenarios()) {
            for (JsonNode component : Manifests.kustomization(scenario).path("components")) {
                used.add(Manifests.repoRoot().relativize(
                        Manifests.repoRoot().resolve(scenario).resolve(component.asText()).normalize()));
            }
        }
        Set<Path> unused = new TreeSet<>(components);
        unused.removeAll(used);
        assertTrue(unused.isEmpty(), "components no infra/tests scenario renders: " + unused);
        assertTrue(components.contains(Path.of("istio")) && components.contains(Path.of("monitoring")),
                "istio/ and monitoring/ are kustomize Components: " + components);
    }

    @Test
    void componentsAndTopLevelFoldersHaveAReadme() {
        Findings findings = new Findings("README.md");
        Set<Path> dirs = new TreeSet<>(List.of(Path.of("infra"), Path.of("istio"), Path.of("monitoring"),
                Path.of("infra/base"), Path.of("infra/platform"), Path.of("infra/overlays"), Path.of("infra/tests")));
        for (Path dir : Manifests.kustomizationDirs()) {
            if (Manifests.isComponent(dir)) {
                dirs.add(dir);
            }
        }
        for (Path dir : dirs) {
            Path readme = Manifests.repoRoot().resolve(dir).resolve("README.md");
            findings.require(Files.isRegularFile(readme) && Manifests.read(readme).strip().length() > 80,
                    "%s has no README.md that says what it is", dir);
        }
        findings.assertNone();
    }

    @Test
    void everyObjectOfAWholeDeploymentIsInTheInferlineNamespace() {
        Findings findings = new Findings("namespace");
        for (Path dir : Manifests.completeRenders()) {
            for (K8sObject o : Manifests.render(dir)) {
                if (o.is("Namespace")) {
                    findings.require(o.name().equals("inferline"), "%s: %s", dir, o.ref());
                } else {
                    findings.require(o.namespace().equals("inferline"), "%s: %s is in namespace '%s'", dir, o.ref(),
                            o.namespace());
                }
            }
        }
        findings.assertNone();
    }

    private static Set<String> names(List<Path> dirs) {
        Set<String> names = new TreeSet<>();
        dirs.forEach(d -> names.add(d.getFileName().toString()));
        return names;
    }
}
