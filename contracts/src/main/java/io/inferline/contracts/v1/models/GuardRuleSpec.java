package io.inferline.contracts.v1.models;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A guard rule on a request's input text: {@code kind} {@code keyword} (case-insensitive word or phrase in
 * {@code pattern}), {@code regex} (a Java regular expression in {@code pattern}), or one of the built-in PII
 * patterns {@code pii-email}, {@code pii-phone}, {@code pii-card} (no pattern); {@code action} {@code block} or
 * {@code redact}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record GuardRuleSpec(String name, String kind, @Nullable String pattern, String action) {
}
