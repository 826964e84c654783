package io.inferline.api.adapter.registry;

import io.inferline.api.application.ModelCatalog;
import io.inferline.api.domain.Caller;
import io.inferline.api.domain.JobSubmission;
import io.inferline.api.domain.ModelRoute;
import io.inferline.routing.application.Router;
import io.inferline.routing.domain.RouteRequest;
import jakarta.inject.Singleton;

import java.util.Optional;

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

    RegistryModelCatalog(Router router) {
        this.router = router;
    }

    @Override
    public Optional<ModelRoute> route(Caller caller, JobSubmission submission) {
        Integer estimatedTokens = submission.input().get("max_tokens") instanceof Number n ? n.intValue() : null;
        var request = new RouteRequest(caller.tenantId(), submission.model(), submission.priority(), estimatedTokens,
                submission.metadata().get(STICKY_KEY), submission.metadata(), submission.input());
        return router.decide(request).map(d -> new ModelRoute(d.model(), d.version(), d.pool(), d.backend(), d.reason(),
                d.input()));
    }
}
