package io.inferline.api.adapter.http;

import io.inferline.api.application.sync.SyncRequest;
import io.inferline.api.application.sync.SyncTask;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks OpenAI request bodies: 400 naming the first field at fault (OpenAI's {@code param}). Fields it does not
 * know are passed on to the backend as they came.
 */
final class OpenAiRequests {

    static final String BASE64 = "base64";

    private OpenAiRequests() {
    }

    static SyncRequest read(SyncTask task, Map<String, Object> body) {
        if (body == null) {
            throw new InvalidRequestException("body", "required, a JSON object");
        }
        var errors = new ArrayList<FieldError>();
        String model = body.get("model") instanceof String m && !m.isBlank() ? m : null;
        if (model == null) {
            errors.add(new FieldError("model", body.containsKey("model") ? "must be a non-empty string" : "required"));
        }
        switch (task) {
            case CHAT -> messages(body.get("messages"), errors);
            case COMPLETION -> prompt(body.get("prompt"), errors);
            case EMBEDDING -> embeddingInput(body.get("input"), errors);
        }
        Object stream = body.get("stream");
        if (stream != null && !(stream instanceof Boolean)) {
            errors.add(new FieldError("stream", "must be a boolean"));
        }
        if (task == SyncTask.EMBEDDING && Boolean.TRUE.equals(stream)) {
            errors.add(new FieldError("stream", "embeddings are not streamed"));
        }
        if (body.get("stream_options") != null && !(body.get("stream_options") instanceof Map<?, ?>)) {
            errors.add(new FieldError("stream_options", "must be an object"));
        }
        for (String field : List.of("max_tokens", "max_completion_tokens")) {
            Object value = body.get(field);
            if (value != null && !(value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() > 0)) {
                errors.add(new FieldError(field, "must be a positive integer"));
            }
        }
        if (body.get("n") != null && !(body.get("n") instanceof Number n && n.intValue() == 1)) {
            errors.add(new FieldError("n", "only one choice per request (n = 1) is served"));
        }
        Object format = body.get("encoding_format");
        if (task == SyncTask.EMBEDDING && format != null && !"float".equals(format) && !BASE64.equals(format)) {
            errors.add(new FieldError("encoding_format", "must be 'float' or 'base64'"));
        }
        Object user = body.get("user");
        if (user != null && !(user instanceof String)) {
            errors.add(new FieldError("user", "must be a string"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        var input = new LinkedHashMap<>(body);
        input.remove("model");
        input.remove("stream");
        input.remove("stream_options");
        input.remove("encoding_format");
        input.values().removeIf(v -> v == null);
        if (input.get("prompt") instanceof List<?> one) {
            input.put("prompt", one.getFirst());
        }
        return new SyncRequest(task, model, input, Boolean.TRUE.equals(stream), (String) user);
    }

    /** Whether a streamed answer ends with a usage chunk ({@code stream_options.include_usage}). */
    static boolean includeUsage(Map<String, Object> body) {
        return body != null && body.get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
    }

    static boolean base64(Map<String, Object> body) {
        return body != null && BASE64.equals(body.get("encoding_format"));
    }

    private static void messages(Object messages, List<FieldError> errors) {
        if (!(messages instanceof List<?> list) || list.isEmpty()) {
            errors.add(new FieldError("messages", messages == null ? "required" : "must be a non-empty array"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> message)) {
                errors.add(new FieldError("messages[" + i + "]", "must be an object"));
            } else if (!(message.get("role") instanceof String role) || role.isBlank()) {
                errors.add(new FieldError("messages[" + i + "].role", "required, a string"));
            }
        }
    }

    private static void prompt(Object prompt, List<FieldError> errors) {
        if (prompt instanceof String) {
            return;
        }
        if (prompt instanceof List<?> list && list.size() == 1 && list.getFirst() instanceof String) {
            return;
        }
        errors.add(new FieldError("prompt", prompt == null ? "required" : "must be a string (one prompt per request)"));
    }

    private static void embeddingInput(Object input, List<FieldError> errors) {
        if (input instanceof String text && !text.isEmpty()) {
            return;
        }
        if (input instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            return;
        }
        errors.add(new FieldError("input", input == null ? "required" : "must be a non-empty string or array of strings"));
    }
}
