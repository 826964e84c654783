package io.inferline.contracts.v1.models;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one tenant may do: the models and aliases it may use (unset: all that allow it), the guard rules on
 * every request it makes, and its monthly budget (calendar month, UTC): tokens, and spend in the currency of the
 * models' {@code price_per_1k_tokens}. Unset budgets do not limit.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TenantPolicySpec(String tenant, @Nullable List<String> allowedModels, @Nullable List<GuardRuleSpec> guards,
                               @Nullable Long monthlyTokenBudget, @Nullable BigDecimal monthlySpendLimit) {
}
