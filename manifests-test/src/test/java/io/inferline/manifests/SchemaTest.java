package io.inferline.manifests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rendered object against the strict schemas of ../shared/k8s-schemas: unknown fields fail, and so does a
 * kind the index has no schema for.
 */
class SchemaTest {

    @TestFactory
    Stream<DynamicTest> everyRenderedObjectMatchesItsStrictSchema() {
        return Manifests.renderable().stream().map(dir -> DynamicTest.dynamicTest(dir.toString(), () -> {
            Findings findings = new Findings("strict schema validation of " + dir);
            for (K8sObject object : Manifests.render(dir)) {
                List<String> problems = SchemaValidator.get().validateObject(object);
                for (String problem : problems.subList(0, Math.min(problems.size(), 8))) {
                    findings.add("%s: %s", object.ref(), problem);
                }
            }
            findings.assertNone();
        }));
    }

    /** The validator itself: a valid object passes, an unknown field, a wrong type and an unknown kind fail. */
    @Test
    void theStrictSchemasRejectWhatTheyShould() throws Exception {
        SchemaValidator validator = SchemaValidator.get();
        String service = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: x
                spec:
                  selector:
                    app: x
                  ports:
                    - port: 80
                      targetPort: http
                """;
        assertEquals(List.of(), validator.validateObject(object(service)));
        assertTrue(validator.validateObject(object(service.replace("  selector:", "  selectr:"))).stream()
                .anyMatch(p -> p.contains("selectr")), "an unknown field fails");
        assertTrue(!validator.validateObject(object(service.replace("port: 80", "port: [80]"))).isEmpty(),
                "a wrong type fails");
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: t
                spec:
                  partitions: 3
                  replicationFactor: 3
                """;
        assertTrue(validator.validateObject(object(topic)).stream().anyMatch(p -> p.contains("replicationFactor")),
                "an unknown field of a CRD fails");
        assertTrue(validator.validateObject(object(service.replace("kind: Service", "kind: Servise"))).stream()
                .anyMatch(p -> p.contains("no strict schema")), "a kind without a schema fails");
    }

    private static K8sObject object(String yaml) throws Exception {
        return new K8sObject((ObjectNode) Manifests.YAML.readTree(yaml), Path.of("inline"), 0);
    }
}
