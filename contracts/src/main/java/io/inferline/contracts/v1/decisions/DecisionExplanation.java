package io.inferline.contracts.v1.decisions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * What would happen to a request and why, without queuing it: the model version, its pool and topic, the backend,
 * the priority lane, the guard rules that matched, the input as it would be queued (after redaction), and the
 * human-readable reason that is stored on the job.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DecisionExplanation(
        String requestedModel,
        String model,
        String version,
        String pool,
        String topic,
        String backend,
        String lane,
        List<String> guardHits,
        @Nullable Map<String, Object> input,
        String reason) {
}
