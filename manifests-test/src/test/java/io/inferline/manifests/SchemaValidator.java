package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.InputStreamSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON-schema validation against ../shared: Kubernetes objects against k8s-schemas/strict (unknown fields fail; a
 * kind missing from strict/index.json fails), other files against ../shared/schemas. Schemas are served from the
 * folder by a resource loader under a private base IRI; nothing is fetched from the network.
 */
final class SchemaValidator {

    private static final String BASE = "https://schemas.inferline.invalid/";
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static volatile SchemaValidator instance;

    private final Path shared;
    private final JsonNode index;
    private final SchemaRegistry registry;

    private SchemaValidator(Path shared) {
        this.shared = shared;
        this.index = Manifests.readYaml(shared.resolve("k8s-schemas/strict/index.json"));
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, builder -> builder
                .schemaLoader(loader -> loader
                        .fetchRemoteResources(false)
                        .resourceLoaders(loaders -> loaders.add(iri -> {
                            String text = iri.toString();
                            if (!text.startsWith(BASE)) {
                                return null;
                            }
                            Path file = shared.resolve(text.substring(BASE.length())).normalize();
                            if (!file.startsWith(shared) || !Files.isRegularFile(file)) {
                                return null;
                            }
                            InputStreamSource source = () -> Files.newInputStream(file);
                            return source;
                        }))));
    }

    static SchemaValidator get() {
        SchemaValidator v = instance;
        if (v == null) {
            synchronized (SchemaValidator.class) {
                v = instance;
                if (v == null) {
                    v = new SchemaValidator(Manifests.sharedDir());
                    instance = v;
                }
            }
        }
        return v;
    }

    /** The strict schema location of a kind, if strict/index.json has one. */
    Optional<String> strictSchemaFor(String key) {
        JsonNode entry = index.get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.asText());
    }

    /** Problems of one rendered object: unknown kind, or every schema violation with its JSON path. */
    List<String> validateObject(K8sObject object) {
        Optional<String> location = strictSchemaFor(object.schemaKey());
        if (location.isEmpty()) {
            return List.of("no strict schema for " + object.schemaKey()
                    + " in k8s-schemas/strict/index.json (derive one from source/ or use a kind it has)");
        }
        return validate("k8s-schemas/strict/" + location.get(), object.node());
    }

    /** Problems of a document against a schema file under ../shared (path with optional #fragment). */
    List<String> validate(String schemaPath, JsonNode document) {
        Schema schema = SCHEMAS.computeIfAbsent(schemaPath, p -> registry.getSchema(SchemaLocation.of(BASE + p)));
        List<Error> errors = schema.validate(document);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).distinct().toList();
    }

    Path shared() {
        return shared;
    }
}
