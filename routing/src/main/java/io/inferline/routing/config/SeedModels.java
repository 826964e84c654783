package io.inferline.routing.config;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured models ({@link SeedModelProperties}) as registry entries. */
@Singleton
public class SeedModels {

    private final Map<String, ModelSpec> models;

    SeedModels(List<SeedModelProperties> properties) {
        this.models = properties.stream().map(SeedModels::toSpec)
                .collect(Collectors.toUnmodifiableMap(ModelSpec::name, Function.identity()));
    }

    private static ModelSpec toSpec(SeedModelProperties p) {
        Topics.requirePool(p.getPool()); // fails at start-up on a pool name no topic can carry
        var version = new ModelVersionSpec(p.getVersion(), p.getBackend(), null, p.getPool(), null, null, null, null,
                null, ModelVersionSpec.ACTIVE, null);
        return new ModelSpec(p.getName(), p.getTask(), p.getVersion(), List.of(version), null, null);
    }

    public Map<String, ModelSpec> models() {
        return models;
    }
}
