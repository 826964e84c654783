package io.inferline.api.adapter.http;

import io.inferline.api.domain.JobSubmission;
import io.inferline.api.domain.WebhookEvent;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a {@code POST /v1/jobs} body field by field, so every answer names the field at fault and all faults of
 * one request are reported together.
 */
@Singleton
class JobSubmissionReader {

    static final int MAX_MODEL_LENGTH = 200;
    static final long MAX_TTL_SECONDS = Duration.ofDays(7).toSeconds();
    static final int MAX_METADATA_KEYS = 16;
    static final int MAX_METADATA_KEY_LENGTH = 64;
    static final int MAX_METADATA_VALUE_LENGTH = 512;
    static final int MAX_WEBHOOK_LENGTH = 2048;
    static final Set<String> WEBHOOK_EVENTS = Arrays.stream(WebhookEvent.values()).map(WebhookEvent::filterName)
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<String> FIELDS = Set.of("model", "input", "priority", "ttl_seconds", "deadline",
            "webhook", "webhook_events_filter", "metadata");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    private final JsonMapper json;
    private final Clock clock;

    JobSubmissionReader(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    JobSubmission read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        var errors = new ArrayList<FieldError>();
        for (var entry : body.entries()) {
            if (!FIELDS.contains(entry.getKey())) {
                errors.add(new FieldError(entry.getKey(), "unknown field"));
            }
        }
        String model = readModel(body.get("model"), errors);
        Map<String, Object> input = readInput(body.get("input"), errors);
        Priority priority = readPriority(body.get("priority"), errors);
        Duration ttl = readTtl(body.get("ttl_seconds"), errors);
        Instant deadline = readDeadline(body.get("deadline"), errors);
        String webhook = readWebhook(body.get("webhook"), errors);
        List<String> webhookEvents = readWebhookEvents(body.get("webhook_events_filter"), webhook, errors);
        Map<String, String> metadata = readMetadata(body.get("metadata"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new JobSubmission(model, input, priority, ttl, deadline, webhook, webhookEvents, metadata);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String readModel(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError("model", "required"));
        } else if (!node.isString()) {
            errors.add(new FieldError("model", "must be a string"));
        } else if (node.getStringValue().isBlank()) {
            errors.add(new FieldError("model", "must not be blank"));
        } else if (node.getStringValue().length() > MAX_MODEL_LENGTH) {
            errors.add(new FieldError("model", "must be at most " + MAX_MODEL_LENGTH + " characters"));
        } else {
            return node.getStringValue();
        }
        return null;
    }

    private Map<String, Object> readInput(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError("input", "required"));
        } else if (!node.isObject()) {
            errors.add(new FieldError("input", "must be a JSON object"));
        } else if (!absent(node.get("stream")) && !node.get("stream").isBoolean()) {
            errors.add(new FieldError("input.stream", "must be true or false"));
        } else {
            try {
                return json.readValueFromTree(node, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    private static Priority readPriority(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            return Priority.NORMAL;
        }
        if (node.isString()) {
            var priority = Priority.parse(node.getStringValue());
            if (priority.isPresent()) {
                return priority.get();
            }
        }
        errors.add(new FieldError("priority", "must be one of high, normal, low"));
        return null;
    }

    private static Duration readTtl(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber() || node.getNumberValue().doubleValue() != node.getLongValue()) {
            errors.add(new FieldError("ttl_seconds", "must be a whole number of seconds"));
        } else if (node.getLongValue() < 1 || node.getLongValue() > MAX_TTL_SECONDS) {
            errors.add(new FieldError("ttl_seconds", "must be between 1 and " + MAX_TTL_SECONDS));
        } else {
            return Duration.ofSeconds(node.getLongValue());
        }
        return null;
    }

    private Instant readDeadline(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            errors.add(new FieldError("deadline", "must be an RFC 3339 timestamp string"));
            return null;
        }
        try {
            Instant deadline = Instant.parse(node.getStringValue());
            if (!deadline.isAfter(clock.instant())) {
                errors.add(new FieldError("deadline", "must be in the future"));
                return null;
            }
            return deadline;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("deadline", "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z"));
            return null;
        }
    }

    private static String readWebhook(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            return null;
        }
        if (!node.isString() || node.getStringValue().length() > MAX_WEBHOOK_LENGTH) {
            errors.add(new FieldError("webhook", "must be a URL of at most " + MAX_WEBHOOK_LENGTH + " characters"));
            return null;
        }
        try {
            URI uri = new URI(node.getStringValue());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri.toString();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        errors.add(new FieldError("webhook", "must be an absolute http or https URL"));
        return null;
    }

    private static List<String> readWebhookEvents(JsonNode node, String webhook, List<FieldError> errors) {
        if (absent(node)) {
            return List.of("completed");
        }
        if (!node.isArray() || node.size() == 0) {
            errors.add(new FieldError("webhook_events_filter", "must be a non-empty array of start, output, completed"));
            return List.of();
        }
        var events = new ArrayList<String>();
        for (JsonNode item : node.values()) {
            if (!item.isString() || !WEBHOOK_EVENTS.contains(item.getStringValue())) {
                errors.add(new FieldError("webhook_events_filter", "items must be start, output or completed"));
                return List.of();
            }
            if (!events.contains(item.getStringValue())) {
                events.add(item.getStringValue());
            }
        }
        if (webhook == null && errors.stream().noneMatch(e -> e.field().equals("webhook"))) {
            errors.add(new FieldError("webhook_events_filter", "needs a webhook to deliver to"));
        }
        return events;
    }

    private static Map<String, String> readMetadata(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError("metadata", "must be a JSON object of strings"));
            return Map.of();
        }
        if (node.size() > MAX_METADATA_KEYS) {
            errors.add(new FieldError("metadata", "must have at most " + MAX_METADATA_KEYS + " keys"));
            return Map.of();
        }
        var metadata = new LinkedHashMap<String, String>();
        for (var entry : node.entries()) {
            String field = "metadata." + entry.getKey();
            if (entry.getKey().length() > MAX_METADATA_KEY_LENGTH || !METADATA_KEY.matcher(entry.getKey()).matches()) {
                errors.add(new FieldError(field, "keys are 1 to " + MAX_METADATA_KEY_LENGTH
                        + " letters, digits, '_', '.' or '-'"));
            } else if (!entry.getValue().isString()) {
                errors.add(new FieldError(field, "must be a string"));
            } else if (entry.getValue().getStringValue().length() > MAX_METADATA_VALUE_LENGTH) {
                errors.add(new FieldError(field, "must be at most " + MAX_METADATA_VALUE_LENGTH + " characters"));
            } else {
                metadata.put(entry.getKey(), entry.getValue().getStringValue());
            }
        }
        return metadata;
    }
}
