package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One set of image names everywhere: the Jib configuration (root pom, applied to the modules ./inferline images
 * builds), the release workflow's matrix, compose.yaml and every kustomize overlay's images: pins.
 */
class ImageNamesTest {

    @Test
    void jibWorkflowComposeAndOverlaysNameTheSameImages() {
        String registry = Delivery.rootPomProperty("image.registry");
        assertEquals("${image.registry}/${project.artifactId}:${image.tag}", Delivery.jibTargetImage());
        Set<String> jib = new TreeSet<>();
        Delivery.imageScriptModules().forEach(m -> jib.add(registry + "/" + m));

        Set<String> release = new TreeSet<>();
        JsonNode workflow = Manifests.readYaml(Manifests.repoRoot().resolve(".github/workflows/release.yml"));
        workflow.path("jobs").path("images").path("strategy").path("matrix").path("module")
                .forEach(m -> release.add(registry + "/" + m.asText()));

        Set<String> compose = new TreeSet<>();
        Delivery.readYamlWithMerges(Delivery.compose()).path("services").forEach(s -> {
            String image = s.path("image").asText();
            if (image.startsWith(Delivery.IMAGE_PREFIX)) {
                compose.add(image.substring(0, image.indexOf(':', image.lastIndexOf('/'))));
            }
        });

        assertEquals(jib, release, "release workflow vs Jib (./inferline images)");
        assertEquals(jib, compose, "compose.yaml vs Jib");
        // (tags may differ: Argo CD Image Updater moves the overlays' tags to newer releases)
        for (Path overlay : Manifests.overlays()) {
            Set<String> pinned = new TreeSet<>();
            Manifests.kustomization(overlay).path("images").forEach(i -> pinned.add(i.path("name").asText()));
            assertEquals(jib, pinned, overlay + " images: vs Jib");
        }
        Set<String> deployables = new TreeSet<>();
        WorkloadRulesTest.DEPLOYABLES.forEach(m -> deployables.add(registry + "/" + m));
        assertEquals(deployables, jib, "./inferline images builds every deployable module");
    }
}
