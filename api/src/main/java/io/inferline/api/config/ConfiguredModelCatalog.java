package io.inferline.api.config;

import io.inferline.api.application.ModelCatalog;
import io.inferline.api.domain.ModelRoute;
import io.inferline.contracts.v1.events.Topics;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

@Singleton
class ConfiguredModelCatalog implements ModelCatalog {

    private final Map<String, ModelRoute> routes;

    ConfiguredModelCatalog(List<ModelProperties> models) {
        this.routes = models.stream()
                .map(ConfiguredModelCatalog::toRoute)
                .collect(Collectors.toUnmodifiableMap(ModelRoute::model, Function.identity()));
    }

    private static ModelRoute toRoute(ModelProperties model) {
        Topics.jobRequests(model.getPool()); // fails at start-up on a pool name no topic can carry
        return new ModelRoute(model.getName(), model.getVersion(), model.getPool(), model.getBackend(),
                "model '" + model.getName() + "' version " + model.getVersion() + " is served by pool '"
                        + model.getPool() + "' (" + model.getBackend() + " backend), as configured");
    }

    @Override
    public Optional<ModelRoute> route(String model) {
        return Optional.ofNullable(routes.get(model));
    }
}
