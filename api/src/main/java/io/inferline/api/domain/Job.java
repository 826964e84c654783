package io.inferline.api.domain;

import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.jobs.Usage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job as the API stores it (and caches it). {@code model} is the name the caller asked for (a model or an alias);
 * {@code routedModel} and {@code modelVersion} are what routing chose to serve it.
 */
@Serdeable
public record Job(
        UUID id,
        String tenantId,
        String model,
        @Nullable String routedModel,
        @Nullable String modelVersion,
        String pool,
        String backend,
        @Nullable String routingReason,
        Priority priority,
        JobStatus status,
        Map<String, Object> input,
        @Nullable Map<String, Object> output,
        @Nullable Usage usage,
        @Nullable JobError error,
        Map<String, String> metadata,
        int attempt,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable Instant expiresAt,
        @Nullable Instant deadline,
        @Nullable String webhook,
        @Nullable List<String> webhookEventsFilter) {

    private static final int DEFAULT_MAX_TOKENS = 256;

    public static Job queued(UUID id, String tenantId, JobSubmission submission, ModelRoute route, Instant now) {
        return new Job(id, tenantId, submission.model(), route.model(), route.version(), route.pool(), route.backend(),
                route.reason(), submission.priority(), JobStatus.QUEUED, submission.input(), null, null, null,
                submission.metadata(), 1, now, null, null,
                submission.ttl() == null ? null : now.plus(submission.ttl()), submission.deadline(),
                submission.webhook(), submission.webhook() == null ? null : submission.webhookEvents());
    }

    /** Prompt characters / 4 plus the tokens asked for (or a default), a common estimate for English text. */
    public int estimatedTokens() {
        int promptChars = String.valueOf(input.getOrDefault("prompt", "")).length()
                + String.valueOf(input.getOrDefault("messages", "")).length();
        int maxTokens = input.get("max_tokens") instanceof Number n ? n.intValue() : DEFAULT_MAX_TOKENS;
        return Math.max(1, promptChars / 4 + Math.max(0, maxTokens));
    }
}
