package io.inferline.api.adapter.http;

import io.inferline.api.domain.JobSubmission;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code POST /v1/jobs} body field by field, so every answer names the field at fault and all faults of
 * one request are reported together.
 */
@Singleton
class JobSubmissionReader {

    private static final Set<String> FIELDS = Set.of("model", "input");
    private static final int MAX_MODEL_LENGTH = 200;

    private final JsonMapper json;

    JobSubmissionReader(JsonMapper json) {
        this.json = json;
    }

    JobSubmission read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        for (var entry : body.entries()) {
            if (!FIELDS.contains(entry.getKey())) {
                errors.add(new FieldError(entry.getKey(), "unknown field"));
            }
        }
        String model = readModel(body.get("model"), errors);
        Map<String, Object> input = readInput(body.get("input"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new JobSubmission(model, input);
    }

    private static String readModel(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
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
        if (node == null || node.isNull()) {
            errors.add(new FieldError("input", "required"));
        } else if (!node.isObject()) {
            errors.add(new FieldError("input", "must be a JSON object"));
        } else {
            try {
                return json.readValueFromTree(node, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }
}
