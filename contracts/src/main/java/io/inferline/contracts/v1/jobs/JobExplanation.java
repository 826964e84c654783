package io.inferline.contracts.v1.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Map;

/**
 * {@code POST /v1/jobs:explain}: what would happen to this job if it were submitted now, without queuing it: the
 * model version and pool that would run it, the reason stored on the job, and the input as it would be queued
 * ({@code redacted}: guard rules rewrote it). A job the guard rules block is answered 403 naming the rule.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobExplanation(String model, String routedModel, String modelVersion, String pool, String backend,
                             String routingReason, @Nullable Map<String, Object> input, boolean redacted) {
}
