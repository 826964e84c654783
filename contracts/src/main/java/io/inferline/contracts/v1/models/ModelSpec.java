package io.inferline.contracts.v1.models;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * A model in the registry: its {@code task} ({@code chat}, {@code completion}, {@code embedding},
 * {@code classification}), its versions, the version a request for the model's own name gets
 * ({@code defaultVersion}; unset: the newest active one), the tenants allowed to use it (unset or empty: every
 * tenant) and its guard rules.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ModelSpec(
        String name,
        String task,
        @Nullable String defaultVersion,
        List<ModelVersionSpec> versions,
        @Nullable List<String> allowedTenants,
        @Nullable List<GuardRuleSpec> guards) {
}
