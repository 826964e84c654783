package io.inferline.routing.domain;

import io.inferline.contracts.v1.models.AliasSpec;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.contracts.v1.models.TenantPolicySpec;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** An immutable view of the registry: models, aliases and tenant policies by name. */
public record RegistrySnapshot(Map<String, ModelSpec> models, Map<String, AliasSpec> aliases,
                               Map<String, TenantPolicySpec> tenantPolicies) {

    public static final RegistrySnapshot EMPTY = new RegistrySnapshot(Map.of(), Map.of(), Map.of());

    public RegistrySnapshot {
        models = Map.copyOf(models);
        aliases = Map.copyOf(aliases);
        tenantPolicies = Map.copyOf(tenantPolicies);
    }

    /** Every worker pool a model version runs on. */
    public SortedSet<String> pools() {
        var pools = new TreeSet<String>();
        for (ModelSpec model : models.values()) {
            for (ModelVersionSpec version : model.versions()) {
                pools.add(version.pool());
                if (version.additionalPools() != null) {
                    pools.addAll(version.additionalPools());
                }
            }
        }
        return pools;
    }

    /** This snapshot with one entry replaced ({@code change} set) or removed ({@code change} null, a tombstone). */
    public RegistrySnapshot apply(String key, RegistryChange change) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return this;
        }
        String kind = key.substring(0, slash);
        String name = key.substring(slash + 1);
        return switch (kind) {
            case RegistryChange.MODEL -> new RegistrySnapshot(put(models, name, change == null ? null : change.model()),
                    aliases, tenantPolicies);
            case RegistryChange.ALIAS -> new RegistrySnapshot(models, put(aliases, name, change == null ? null : change.alias()),
                    tenantPolicies);
            case RegistryChange.TENANT_POLICY -> new RegistrySnapshot(models, aliases,
                    put(tenantPolicies, name, change == null ? null : change.tenantPolicy()));
            default -> this;
        };
    }

    /** This snapshot, plus the given models where it has none of that name (configured seeds never override). */
    public RegistrySnapshot withDefaults(Map<String, ModelSpec> seeds) {
        if (seeds.isEmpty()) {
            return this;
        }
        var merged = new HashMap<>(seeds);
        merged.keySet().removeAll(aliases.keySet());
        merged.putAll(models);
        return new RegistrySnapshot(merged, aliases, tenantPolicies);
    }

    public Optional<ModelSpec> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Optional<AliasSpec> alias(String name) {
        return Optional.ofNullable(aliases.get(name));
    }

    public Optional<TenantPolicySpec> tenantPolicy(String tenant) {
        return Optional.ofNullable(tenantPolicies.get(tenant));
    }

    private static <T> Map<String, T> put(Map<String, T> map, String name, T value) {
        var copy = new HashMap<>(map);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }
}
