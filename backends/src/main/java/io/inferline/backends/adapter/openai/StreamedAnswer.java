package io.inferline.backends.adapter.openai;

import io.inferline.backends.domain.ChunkListener;
import io.inferline.contracts.v1.jobs.Usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streamed chat or completion answer put back together from its server-sent chunks, forwarding each text piece as
 * {@code {"delta": piece}} and at the end {@code {"delta": "", "finish_reason": ...}}. Tool calls streamed in pieces
 * are joined per index.
 */
final class StreamedAnswer {

    private final OpenAiRoute route;
    private final ChunkListener listener;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Map<String, Object>> toolCalls = new TreeMap<>();
    private String finishReason;
    private String model;
    private Usage usage;
    private boolean forwarded;

    StreamedAnswer(OpenAiRoute route, ChunkListener listener, String model) {
        this.route = route;
        this.listener = listener;
        this.model = model;
    }

    void accept(Map<String, Object> chunk) {
        if (chunk.get("model") instanceof String m && !m.isBlank()) {
            model = m;
        }
        Usage reported = Answers.usage(chunk.get("usage"));
        if (reported != null) {
            usage = reported;
        }
        Map<?, ?> choice = Answers.firstChoice(chunk);
        if (choice.isEmpty()) {
            return;
        }
        String piece;
        if (route == OpenAiRoute.CHAT) {
            Map<?, ?> delta = choice.get("delta") instanceof Map<?, ?> d ? d : Map.of();
            piece = delta.get("content") instanceof String s ? s : "";
            if (delta.get("tool_calls") instanceof List<?> calls) {
                calls.forEach(this::mergeToolCall);
            }
        } else {
            piece = choice.get("text") instanceof String s ? s : "";
        }
        if (!piece.isEmpty()) {
            text.append(piece);
            forward(Map.of("delta", piece));
        }
        if (choice.get("finish_reason") instanceof String reason) {
            finishReason = reason;
        }
    }

    /** Whether the stream said how it ended; one that did not was cut off. */
    boolean finished() {
        return finishReason != null;
    }

    /** Whether any piece reached the listener: from then on the call must not be retried. */
    boolean forwardedAny() {
        return forwarded;
    }

    Map<String, Object> complete() {
        String reason = finishReason == null ? "stop" : finishReason;
        var last = new LinkedHashMap<String, Object>();
        last.put("delta", "");
        last.put("finish_reason", reason);
        forward(last);
        return Answers.output(text.toString(), reason, model,
                toolCalls.isEmpty() ? null : new ArrayList<>(toolCalls.values()));
    }

    Usage usage() {
        return usage;
    }

    private void forward(Map<String, Object> chunk) {
        if (listener != ChunkListener.NONE) {
            forwarded = true;
            listener.onChunk(chunk);
        }
    }

    @SuppressWarnings("unchecked")
    private void mergeToolCall(Object piece) {
        if (!(piece instanceof Map<?, ?> p)) {
            return;
        }
        int index = p.get("index") instanceof Number n ? n.intValue() : 0;
        Map<String, Object> call = toolCalls.computeIfAbsent(index, i -> {
            var fresh = new LinkedHashMap<String, Object>();
            fresh.put("type", "function");
            fresh.put("function", new LinkedHashMap<>(Map.of("name", "", "arguments", "")));
            return fresh;
        });
        if (p.get("id") instanceof String id) {
            call.put("id", id);
        }
        if (p.get("function") instanceof Map<?, ?> f) {
            var function = (Map<String, Object>) call.get("function");
            if (f.get("name") instanceof String name) {
                function.put("name", function.get("name") + name);
            }
            if (f.get("arguments") instanceof String arguments) {
                function.put("arguments", function.get("arguments") + arguments);
            }
        }
    }
}
