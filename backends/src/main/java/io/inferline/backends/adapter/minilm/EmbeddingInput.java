package io.inferline.backends.adapter.minilm;

import io.inferline.backends.domain.BackendException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The texts of an OpenAI embeddings body: {@code input} is one string or an array of strings. */
final class EmbeddingInput {

    private EmbeddingInput() {
    }

    /**
     * The texts to embed, in order, each with the name of the field it came from ({@code input} or
     * {@code input[2]}).
     */
    static List<Text> texts(Map<String, Object> body, int maxInputs, int dimensions) throws BackendException {
        if (body.get("dimensions") instanceof Number requested && requested.intValue() != dimensions) {
            throw rejected("dimensions: this model's vectors have " + dimensions + " dimensions, not " + requested);
        }
        Object input = body.get("input");
        if (input == null) {
            throw rejected("input: required, a string or an array of strings");
        }
        if (input instanceof String text) {
            return List.of(text(text, "input"));
        }
        if (!(input instanceof List<?> list)) {
            throw rejected("input: must be a string or an array of strings");
        }
        if (list.isEmpty()) {
            throw rejected("input: the array is empty");
        }
        if (list.size() > maxInputs) {
            throw rejected("input: " + list.size() + " strings, at most " + maxInputs + " per request");
        }
        var texts = new ArrayList<Text>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String field = "input[" + i + "]";
            if (!(list.get(i) instanceof String text)) {
                throw rejected(field + ": must be a string (token arrays are not accepted by this model)");
            }
            texts.add(text(text, field));
        }
        return texts;
    }

    private static Text text(String text, String field) throws BackendException {
        if (text.isBlank()) {
            throw rejected(field + ": must not be empty");
        }
        return new Text(field, text);
    }

    static BackendException rejected(String message) {
        return new BackendException("backend_rejected", message);
    }

    record Text(String field, String text) {
    }
}
