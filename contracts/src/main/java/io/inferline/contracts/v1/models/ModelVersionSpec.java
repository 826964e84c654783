package io.inferline.contracts.v1.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;
import java.util.List;

/**
 * One version of a model: where it runs ({@code backendKind} such as {@code simulator}, {@code vllm},
 * {@code tensorrt-llm}, {@code bert}, {@code openai}; its {@code endpoint}), which worker {@code pool} (and so
 * Kafka topic) carries its jobs, optional {@code additionalPools} that serve it too, its limits, its price per
 * 1,000 tokens, the name its server knows it by ({@code upstreamModel}; unset: the registry name) and its {@code status}: {@code active}, {@code draining} (no new work) or {@code disabled}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ModelVersionSpec(
        String version,
        String backendKind,
        @Nullable String endpoint,
        String pool,
        @Nullable List<String> additionalPools,
        @Nullable Integer timeoutSeconds,
        @Nullable Integer maxTokens,
        @Nullable Integer concurrency,
        @JsonProperty("price_per_1k_tokens") @Nullable BigDecimal pricePer1kTokens,
        @Nullable String status,
        @Nullable String upstreamModel) {

    public static final String ACTIVE = "active";

    /** Named explicitly: the snake-case strategy would write {@code price_per1k_tokens}. */
    @Override
    @JsonProperty("price_per_1k_tokens")
    public BigDecimal pricePer1kTokens() {
        return pricePer1kTokens;
    }

    public static final String DRAINING = "draining";
    public static final String DISABLED = "disabled";
}
