package io.inferline.backends.adapter.openai;

import io.inferline.contracts.v1.jobs.Usage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI response bodies turned into the normalised outputs every backend returns. */
final class Answers {

    private Answers() {
    }

    /** {@code {"text", "finish_reason", "model"}} (+ {@code tool_calls}) of a whole chat or completion response. */
    static Map<String, Object> generation(Map<String, Object> body, OpenAiRoute route, String fallbackModel) {
        Map<?, ?> choice = firstChoice(body);
        String text;
        Object toolCalls = null;
        if (route == OpenAiRoute.CHAT) {
            Map<?, ?> message = choice.get("message") instanceof Map<?, ?> m ? m : Map.of();
            text = message.get("content") instanceof String s ? s : "";
            toolCalls = message.get("tool_calls");
        } else {
            text = choice.get("text") instanceof String s ? s : "";
        }
        return output(text, choice.get("finish_reason") instanceof String f ? f : null,
                body.get("model") instanceof String m ? m : fallbackModel,
                toolCalls instanceof List<?> calls && !calls.isEmpty() ? calls : null);
    }

    static Map<String, Object> output(String text, String finishReason, String model, Object toolCalls) {
        var output = new LinkedHashMap<String, Object>();
        output.put("text", text);
        output.put("finish_reason", finishReason == null ? "stop" : finishReason);
        output.put("model", model);
        if (toolCalls != null) {
            output.put("tool_calls", toolCalls);
        }
        return output;
    }

    /** {@code {"embeddings", "dimensions", "model"}}, one vector per input in input order; base64 vectors decoded. */
    static Map<String, Object> embeddings(Map<String, Object> body, String fallbackModel) {
        var data = new ArrayList<Map<?, ?>>();
        if (body.get("data") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> m) {
                    data.add(m);
                }
            }
        }
        data.sort(Comparator.comparingInt(d -> d.get("index") instanceof Number n ? n.intValue() : 0));
        var vectors = new ArrayList<List<Float>>();
        for (Map<?, ?> item : data) {
            vectors.add(vector(item.get("embedding")));
        }
        var output = new LinkedHashMap<String, Object>();
        output.put("embeddings", vectors);
        output.put("dimensions", vectors.isEmpty() ? 0 : vectors.getFirst().size());
        output.put("model", body.get("model") instanceof String m ? m : fallbackModel);
        return output;
    }

    static Usage usage(Object usage) {
        if (usage instanceof Map<?, ?> u) {
            int prompt = u.get("prompt_tokens") instanceof Number n ? n.intValue() : 0;
            int completion = u.get("completion_tokens") instanceof Number n ? n.intValue() : 0;
            return new Usage(prompt, completion);
        }
        return null;
    }

    /** The upstream's own error message, if its body is an OpenAI error ({@code {"error": {"message": ...}}}). */
    static String errorMessage(Map<String, Object> body) {
        if (body.get("error") instanceof Map<?, ?> error && error.get("message") instanceof String message) {
            return message;
        }
        if (body.get("message") instanceof String message) {
            return message;
        }
        return null;
    }

    static Map<?, ?> firstChoice(Map<String, Object> body) {
        if (body.get("choices") instanceof List<?> choices && !choices.isEmpty() && choices.getFirst() instanceof Map<?, ?> c) {
            return c;
        }
        return Map.of();
    }

    private static List<Float> vector(Object embedding) {
        var vector = new ArrayList<Float>();
        if (embedding instanceof List<?> values) {
            for (Object value : values) {
                vector.add(value instanceof Number n ? n.floatValue() : 0f);
            }
        } else if (embedding instanceof String base64) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.remaining() >= 4) {
                vector.add(bytes.getFloat());
            }
        }
        return vector;
    }
}
