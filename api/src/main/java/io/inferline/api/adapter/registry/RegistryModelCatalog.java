package io.inferline.api.adapter.registry;

import io.inferline.api.application.ModelCatalog;
import io.inferline.api.domain.Caller;
import io.inferline.api.domain.JobSubmission;
import io.inferline.api.domain.ModelRoute;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.TenantPolicySpec;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.application.Router;
import io.inferline.routing.domain.RegistrySnapshot;
import io.inferline.routing.domain.RouteRequest;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes jobs in-process with the routing library: the registry as this replica's cache of the registry topic
 * knows it (the configured {@code inferline.models} answer for names it lacks, so the API works without
 * model-mgmt), circuit states from Redis. The sticky key of a split is the job's {@code metadata.sticky_key},
 * else the tenant; the metadata is passed on as request features.
 */
@Singleton
class RegistryModelCatalog implements ModelCatalog {

    static final String STICKY_KEY = "sticky_key";

    private final Router router;
    private final RegistryView registry;

    RegistryModelCatalog(Router router, RegistryView registry) {
        this.router = router;
        this.registry = registry;
    }

    @Override
    public Optional<ModelRoute> route(Caller caller, JobSubmission submission, Set<String> failed) {
        Integer estimatedTokens = submission.input().get("max_tokens") instanceof Number n ? n.intValue() : null;
        var request = new RouteRequest(caller.tenantId(), submission.model(), submission.priority(), estimatedTokens,
                submission.metadata().get(STICKY_KEY), submission.metadata(), submission.input());
        return router.decide(request, failed).map(d -> new ModelRoute(d.model(), d.version(), d.pool(), d.backend(),
                d.reason(), d.input()));
    }

    @Override
    public Optional<String> task(String model) {
        return registry.current().model(model).map(ModelSpec::task);
    }

    /** What the tenant's policy allows (all when it names none), less models limited to other tenants. */
    @Override
    public List<String> usableBy(Caller caller) {
        RegistrySnapshot snapshot = registry.current();
        List<String> allowed = snapshot.tenantPolicy(caller.tenantId()).map(TenantPolicySpec::allowedModels)
                .filter(list -> !list.isEmpty()).orElse(null);
        var names = new TreeSet<String>();
        snapshot.aliases().keySet().forEach(names::add);
        snapshot.models().values().stream()
                .filter(m -> m.allowedTenants() == null || m.allowedTenants().isEmpty()
                        || m.allowedTenants().contains(caller.tenantId()))
                .map(ModelSpec::name).forEach(names::add);
        return names.stream().filter(name -> allowed == null || allowed.contains(name)).toList();
    }
}
