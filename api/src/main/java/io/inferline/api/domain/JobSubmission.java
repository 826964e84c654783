package io.inferline.api.domain;

import io.inferline.contracts.v1.jobs.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A validated request to run {@code input} on {@code model}. {@code ttl} and {@code deadline} may be null;
 * {@code webhookEvents} is empty when there is no webhook.
 */
public record JobSubmission(
        String model,
        Map<String, Object> input,
        Priority priority,
        Duration ttl,
        Instant deadline,
        String webhook,
        List<String> webhookEvents,
        Map<String, String> metadata) {

    public JobSubmission {
        input = Map.copyOf(input);
        webhookEvents = List.copyOf(webhookEvents);
        metadata = Map.copyOf(metadata);
    }

    public static JobSubmission of(String model, Map<String, Object> input) {
        return new JobSubmission(model, input, Priority.NORMAL, null, null, null, List.of(), Map.of());
    }
}
