package io.inferline.routing.application;

import io.inferline.routing.domain.CircuitView;
import io.inferline.routing.domain.GuardBlockedException;
import io.inferline.routing.domain.GuardHit;
import io.inferline.routing.domain.PoolLoad;
import io.inferline.routing.domain.RouteDecision;
import io.inferline.routing.domain.RouteRequest;
import io.inferline.routing.domain.RoutingEngine;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.Set;

/**
 * Routing and admission in-process: the {@link RoutingEngine} on this process's view of the registry, its circuit
 * states and pool lags. Counts guard rule hits ({@code inferline_guard_hits_total}) and decisions
 * ({@code inferline_routing_decisions_total}).
 */
@Singleton
public class Router {

    private final RegistryView registry;
    private final RoutingEngine engine;
    private final MeterRegistry meters;

    public Router(RegistryView registry, CircuitView circuits, PoolLoad pools, MeterRegistry meters) {
        this.registry = registry;
        this.engine = new RoutingEngine(circuits, pools);
        this.meters = meters;
    }

    /** Empty when no model or alias has the requested name; throws the engine's admission failures. */
    public Optional<RouteDecision> decide(RouteRequest request) {
        return decide(request, Set.of());
    }

    /**
     * Decides again for a request whose earlier targets failed: the {@code failed} model versions
     * ({@code model@version}) are passed over as if their circuits were open, so a model's next active version or an
     * alias's fallback chain serves it. Throws {@code NoBackendAvailableException} when nothing is left.
     */
    public Optional<RouteDecision> decide(RouteRequest request, Set<String> failed) {
        try {
            Optional<RouteDecision> decision = engine.decide(registry.current(), request, failed);
            decision.ifPresent(d -> {
                d.guardHits().forEach(hit -> count(hit, d.model()));
                meters.counter("inferline.routing.decisions", "requested", d.requestedModel(), "model", d.model(),
                        "version", d.version(), "pool", d.pool()).increment();
            });
            return decision;
        } catch (GuardBlockedException e) {
            count(e.hit(), request.model());
            throw e;
        }
    }

    private void count(GuardHit hit, String model) {
        meters.counter("inferline.guard.hits", "rule", hit.rule(), "kind", hit.kind(), "action", hit.action().wireName(),
                "scope", hit.scope(), "model", model).increment();
    }
}
