package io.inferline.contracts.v1.decisions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Map;

/**
 * Body of {@code POST /v1/decisions:explain}: who asks ({@code tenant}), for what ({@code model}: a model or an
 * alias), how urgently ({@code priority}: high, normal, low), roughly how many tokens, the key that keeps a caller
 * on one side of a split ({@code stickyKey}, default the tenant), request features, and the input the guard rules
 * look at.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DecisionRequest(
        String tenant,
        String model,
        @Nullable String priority,
        @Nullable Integer estimatedTokens,
        @Nullable String stickyKey,
        @Nullable Map<String, String> features,
        @Nullable Map<String, Object> input) {
}
