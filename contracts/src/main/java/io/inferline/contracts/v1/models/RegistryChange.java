package io.inferline.contracts.v1.models;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * The current state of one registry entry, on the compacted topic {@code Topics.MODEL_REGISTRY}, keyed by
 * {@link #key(String, String)}. Exactly one of {@code model}, {@code alias}, {@code tenantPolicy} is set, matching
 * {@code kind}. A deleted entry is a tombstone (a null value) under its key. {@code revision} grows with every
 * change of the entry.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RegistryChange(
        String kind,
        String name,
        long revision,
        Instant changedAt,
        @Nullable ModelSpec model,
        @Nullable AliasSpec alias,
        @Nullable TenantPolicySpec tenantPolicy) {

    public static final String MODEL = "model";
    public static final String ALIAS = "alias";
    public static final String TENANT_POLICY = "tenant-policy";

    /** Record key of an entry: {@code model/sim-chat}, {@code alias/chat}, {@code tenant-policy/acme}. */
    public static String key(String kind, String name) {
        return kind + "/" + name;
    }

    public String key() {
        return key(kind, name);
    }
}
