package io.inferline.routing.domain;

import io.inferline.contracts.v1.models.AliasSpec;
import io.inferline.contracts.v1.models.CircuitKeys;
import io.inferline.contracts.v1.models.GuardRuleSpec;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.contracts.v1.models.TenantPolicySpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides what serves a request, and why, from a registry snapshot: admission (the tenant may use the model or
 * alias), routing (an alias's weighted split, sticky per key; a model's default or newest active version; draining
 * and disabled versions get no new work; the fallback chain when a target's circuit is open), the pool (least lag
 * where several pools serve a version and their lag is known) and the guard rules (block or redact).
 */
public final class RoutingEngine {

    private final CircuitView circuits;
    private final PoolLoad pools;
    private final Set<String> failed;
    private final GuardRules guards = new GuardRules();

    public RoutingEngine(CircuitView circuits, PoolLoad pools) {
        this(circuits, pools, Set.of());
    }

    private RoutingEngine(CircuitView circuits, PoolLoad pools, Set<String> failed) {
        this.circuits = circuits;
        this.pools = pools;
        this.failed = Set.copyOf(failed);
    }

    /** Whether a version must get no new work now: its circuit is open, or it already failed this request. */
    private boolean unavailable(String model, String version) {
        return failed.contains(CircuitKeys.field(model, version)) || circuits.isOpen(model, version);
    }

    private String whyUnavailable(String model, String version) {
        return failed.contains(CircuitKeys.field(model, version)) ? "failed this request" : "has its circuit open";
    }

    private record Target(ModelSpec model, ModelVersionSpec version) {
        String label() {
            return model.name() + "@" + version.version();
        }
    }

    /**
     * As {@link #decide(RegistrySnapshot, RouteRequest)}, passing over the {@code failed} model versions
     * ({@code model@version}, ones that just failed this request) like versions whose circuit is open, so a model's
     * next active version or an alias's fallback chain serves it.
     */
    public Optional<RouteDecision> decide(RegistrySnapshot registry, RouteRequest request, Set<String> failed) {
        return failed.isEmpty() ? decide(registry, request) : new RoutingEngine(circuits, pools, failed).decide(registry, request);
    }

    /** Empty when no model or alias has the requested name. */
    public Optional<RouteDecision> decide(RegistrySnapshot registry, RouteRequest request) {
        String name = request.model();
        Optional<AliasSpec> alias = registry.alias(name);
        Optional<ModelSpec> model = alias.isPresent() ? Optional.empty() : registry.model(name);
        if (alias.isEmpty() && model.isEmpty()) {
            return Optional.empty();
        }
        Optional<TenantPolicySpec> tenantPolicy = registry.tenantPolicy(request.tenant());
        tenantPolicy.map(TenantPolicySpec::allowedModels).filter(allowed -> !allowed.isEmpty() && !allowed.contains(name))
                .ifPresent(allowed -> {
                    throw new ModelNotAllowedException(request.tenant(), name, "not in the tenant's allowed models");
                });

        var why = new StringBuilder();
        Target target = alias.isPresent()
                ? fromAlias(registry, alias.get(), request, why)
                : fromModel(model.get(), why);
        List<String> tenants = target.model().allowedTenants();
        if (tenants != null && !tenants.isEmpty() && !tenants.contains(request.tenant())) {
            throw new ModelNotAllowedException(request.tenant(), name,
                    "model '" + target.model().name() + "' is limited to other tenants");
        }

        String pool = choosePool(target.version(), why);
        List<GuardRules.ScopedRule> rules = new ArrayList<>();
        tenantPolicy.map(TenantPolicySpec::guards).ifPresent(list -> list.forEach(r -> rules.add(new GuardRules.ScopedRule(r, "tenant"))));
        List<GuardRuleSpec> modelGuards = target.model().guards();
        if (modelGuards != null) {
            modelGuards.forEach(r -> rules.add(new GuardRules.ScopedRule(r, "model")));
        }
        GuardRules.Outcome guarded = guards.apply(rules, request.input());

        String lane = request.priority().wireName();
        var reason = new StringBuilder()
                .append("model '").append(target.model().name()).append("' version ").append(target.version().version())
                .append(" is served by pool '").append(pool).append("' (").append(target.version().backendKind())
                .append(" backend): ").append(why).append("; lane ").append(lane);
        if (!guarded.hits().isEmpty()) {
            reason.append("; guard: ");
            reason.append(String.join(", ", guarded.hits().stream().map(GuardHit::describe).toList()));
        }
        return Optional.of(new RouteDecision(name, target.model().name(), target.version().version(), pool,
                target.version().backendKind(), lane, guarded.hits(), guarded.input(), reason.toString()));
    }

    private Target fromModel(ModelSpec model, StringBuilder why) {
        List<ModelVersionSpec> active = model.versions().stream().filter(RoutingEngine::active)
                .sorted(Comparator.comparing(ModelVersionSpec::version, RoutingEngine::compareVersions).reversed())
                .toList();
        if (active.isEmpty()) {
            throw new NoBackendAvailableException(model.name(), "no active version (draining and disabled versions get no new work)");
        }
        ModelVersionSpec preferred = Optional.ofNullable(model.defaultVersion())
                .flatMap(v -> active.stream().filter(a -> a.version().equals(v)).findFirst())
                .orElse(active.getFirst());
        String chosenBy = preferred.version().equals(model.defaultVersion()) ? "default version" : "newest active version";
        if (!unavailable(model.name(), preferred.version())) {
            why.append(chosenBy).append(" of model '").append(model.name()).append("'");
            return new Target(model, preferred);
        }
        for (ModelVersionSpec other : active) {
            if (other != preferred && !unavailable(model.name(), other.version())) {
                why.append(chosenBy).append(' ').append(preferred.version()).append(' ')
                        .append(whyUnavailable(model.name(), preferred.version())).append("; fell back to ")
                        .append("the next active version");
                return new Target(model, other);
            }
        }
        throw new NoBackendAvailableException(model.name(), failed.isEmpty() ? "every active version has its circuit open"
                : "every active version has its circuit open or failed this request");
    }

    private Target fromAlias(RegistrySnapshot registry, AliasSpec alias, RouteRequest request, StringBuilder why) {
        List<String> skipped = new ArrayList<>();
        List<Target> split = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (AliasSpec.Split s : alias.splits()) {
            Optional<Target> t = resolve(registry, s.model(), s.version());
            int weight = s.weight() == null ? 0 : s.weight();
            if (t.isEmpty()) {
                skipped.add(s.model() + "@" + s.version() + " (not in the registry)");
            } else if (!active(t.get().version())) {
                skipped.add(t.get().label() + " (" + t.get().version().status() + ")");
            } else if (weight > 0) {
                split.add(t.get());
                weights.add(weight);
            }
        }
        why.append("alias '").append(alias.name()).append("'");
        if (!split.isEmpty()) {
            int total = weights.stream().mapToInt(Integer::intValue).sum();
            int bucket = StickyBuckets.bucket(alias.name(), request.effectiveStickyKey(), total);
            int index = 0;
            for (int acc = weights.getFirst(); bucket >= acc; acc += weights.get(index)) {
                index++;
            }
            Target picked = split.get(index);
            why.append(" split ").append(weights.get(index)).append('/').append(total).append(" to ").append(picked.label())
                    .append(" (sticky key bucket ").append(bucket).append(')');
            if (!skipped.isEmpty()) {
                why.append(", skipping ").append(String.join(", ", skipped));
            }
            if (!unavailable(picked.model().name(), picked.version().version())) {
                return picked;
            }
            why.append("; ").append(picked.label()).append(' ')
                    .append(whyUnavailable(picked.model().name(), picked.version().version()));
        } else {
            why.append(": no split target can take work").append(skipped.isEmpty() ? "" : " (" + String.join(", ", skipped) + ")");
        }
        for (AliasSpec.Target fallback : alias.fallbacks() == null ? List.<AliasSpec.Target>of() : alias.fallbacks()) {
            Optional<Target> t = resolve(registry, fallback.model(), fallback.version());
            if (t.isPresent() && active(t.get().version())
                    && !unavailable(t.get().model().name(), t.get().version().version())) {
                why.append("; fallback to ").append(t.get().label());
                return t.get();
            }
            why.append("; fallback ").append(fallback.model()).append(fallback.version() == null ? "" : "@" + fallback.version())
                    .append(" unavailable");
        }
        throw new NoBackendAvailableException(alias.name(), why.toString());
    }

    /** A model version; with no version, the model's default (or newest active) one. */
    private Optional<Target> resolve(RegistrySnapshot registry, String modelName, String version) {
        return registry.model(modelName).flatMap(model -> {
            if (version != null) {
                return model.versions().stream().filter(v -> v.version().equals(version)).findFirst()
                        .map(v -> new Target(model, v));
            }
            try {
                return Optional.of(fromModel(model, new StringBuilder()));
            } catch (NoBackendAvailableException e) {
                return Optional.empty();
            }
        });
    }

    private String choosePool(ModelVersionSpec version, StringBuilder why) {
        List<String> candidates = new ArrayList<>();
        candidates.add(version.pool());
        if (version.additionalPools() != null) {
            version.additionalPools().stream().filter(p -> !candidates.contains(p)).forEach(candidates::add);
        }
        if (candidates.size() == 1) {
            return version.pool();
        }
        String best = null;
        long bestLag = Long.MAX_VALUE;
        for (String pool : candidates) {
            OptionalLong lag = pools.lag(pool);
            if (lag.isEmpty()) {
                why.append("; lag of pools ").append(candidates).append(" not known, primary pool taken");
                return version.pool();
            }
            if (lag.getAsLong() < bestLag) {
                best = pool;
                bestLag = lag.getAsLong();
            }
        }
        why.append("; least lag of pools ").append(candidates).append(" (").append(bestLag).append(')');
        return best;
    }

    static boolean active(ModelVersionSpec version) {
        return version.status() == null || ModelVersionSpec.ACTIVE.equals(version.status());
    }

    /** Numeric versions compare as numbers ("10" after "9"); others as text. */
    static int compareVersions(String a, String b) {
        if (a.matches("\\d{1,18}") && b.matches("\\d{1,18}")) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }
}
