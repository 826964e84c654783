package io.inferline.contracts.v1.models;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * What one tenant may do: the models and aliases it may use (unset: all that allow it) and the guard rules on
 * every request it makes.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TenantPolicySpec(String tenant, @Nullable List<String> allowedModels, @Nullable List<GuardRuleSpec> guards) {
}
