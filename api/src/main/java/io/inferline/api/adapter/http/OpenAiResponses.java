package io.inferline.api.adapter.http;

import io.inferline.api.application.sync.SyncOutcome;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.contracts.v1.openai.ChatCompletion;
import io.inferline.contracts.v1.openai.EmbeddingList;
import io.inferline.contracts.v1.openai.OpenAiUsage;
import io.inferline.contracts.v1.openai.TextCompletion;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Backend answers (the normalised outputs every adapter returns) in OpenAI's response shapes. */
final class OpenAiResponses {

    private OpenAiResponses() {
    }

    static ChatCompletion chat(String id, long created, SyncOutcome outcome) {
        Map<String, Object> output = outcome.result().output();
        @SuppressWarnings("unchecked")
        List<Object> toolCalls = output.get("tool_calls") instanceof List<?> calls ? (List<Object>) calls : null;
        var message = new ChatCompletion.Message("assistant", text(output), toolCalls);
        return new ChatCompletion(id, ChatCompletion.OBJECT, created, outcome.servedBy().model(),
                List.of(new ChatCompletion.Choice(0, message, finishReason(output), null)), usage(outcome));
    }

    static TextCompletion completion(String id, long created, SyncOutcome outcome) {
        Map<String, Object> output = outcome.result().output();
        return new TextCompletion(id, TextCompletion.OBJECT, created, outcome.servedBy().model(),
                List.of(new TextCompletion.Choice(text(output), 0, null, finishReason(output))), usage(outcome));
    }

    static EmbeddingList embeddings(SyncOutcome outcome, boolean base64) {
        var data = new ArrayList<EmbeddingList.Embedding>();
        if (outcome.result().output().get("embeddings") instanceof List<?> vectors) {
            for (int i = 0; i < vectors.size(); i++) {
                List<?> vector = vectors.get(i) instanceof List<?> v ? v : List.of();
                data.add(new EmbeddingList.Embedding("embedding", i, base64 ? base64(vector) : vector));
            }
        }
        Usage usage = outcome.result().usage();
        int prompt = usage == null ? 0 : usage.promptTokens();
        return new EmbeddingList(EmbeddingList.OBJECT, data, outcome.servedBy().model(),
                new EmbeddingList.Usage(prompt, prompt));
    }

    static String text(Map<String, Object> output) {
        return output.get("text") instanceof String s ? s : "";
    }

    static String finishReason(Map<String, Object> output) {
        return output.get("finish_reason") instanceof String s ? s : "stop";
    }

    static OpenAiUsage usage(SyncOutcome outcome) {
        return OpenAiUsage.of(outcome.result().usage());
    }

    /** Little-endian float32 values in base64, as OpenAI's {@code encoding_format: base64} sends them. */
    private static String base64(List<?> vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Object value : vector) {
            bytes.putFloat(value instanceof Number n ? n.floatValue() : 0f);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
