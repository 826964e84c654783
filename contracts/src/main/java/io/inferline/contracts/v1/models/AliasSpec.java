package io.inferline.contracts.v1.models;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * A name callers use instead of a model: a weighted split across model versions (a canary is 90/10), sticky per
 * key, and a fallback chain tried in order when no split target can take work (draining, disabled, circuit open).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AliasSpec(String name, List<Split> splits, @Nullable List<Target> fallbacks) {

    /** {@code weight} parts of the traffic go to {@code model} version {@code version}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Split(String model, String version, Integer weight) {
    }

    /** A fallback: a model version, or the model's default version when {@code version} is unset. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Target(String model, @Nullable String version) {
    }
}
