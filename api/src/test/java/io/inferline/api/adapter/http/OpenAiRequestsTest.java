package io.inferline.api.adapter.http;

import io.inferline.api.application.sync.SyncTask;
import io.inferline.common.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiRequestsTest {

    private static final List<Map<String, Object>> HELLO = List.of(Map.of("role", "user", "content", "hello"));

    @Test
    void aChatRequestKeepsUnknownFieldsForTheBackendButNotModelOrStreaming() {
        var request = OpenAiRequests.read(SyncTask.CHAT, Map.of("model", "m", "messages", HELLO, "stream", true,
                "stream_options", Map.of("include_usage", true), "temperature", 0.2, "user", "u-1"));
        assertEquals("m", request.model());
        assertTrue(request.stream());
        assertEquals("u-1", request.stickyKey());
        assertEquals(Map.of("messages", HELLO, "temperature", 0.2, "user", "u-1"), request.input());
    }

    @Test
    void everyFieldAtFaultIsNamed() {
        var e = assertThrows(InvalidRequestException.class, () -> OpenAiRequests.read(SyncTask.CHAT,
                Map.of("messages", List.of(Map.of("content", "no role")), "stream", "yes", "max_tokens", -1, "n", 2)));
        assertEquals(List.of("model", "messages[0].role", "stream", "max_tokens", "n"),
                e.fieldErrors().stream().map(f -> f.field()).toList());
    }

    @Test
    void embeddingsTakeAStringOrStringsAndAreNeverStreamed() {
        assertEquals("input", assertThrows(InvalidRequestException.class, () -> OpenAiRequests.read(SyncTask.EMBEDDING,
                Map.of("model", "minilm", "input", List.of(1, 2)))).fieldErrors().getFirst().field());
        assertEquals("stream", assertThrows(InvalidRequestException.class, () -> OpenAiRequests.read(SyncTask.EMBEDDING,
                Map.of("model", "minilm", "input", "x", "stream", true))).fieldErrors().getFirst().field());
        assertEquals("encoding_format", assertThrows(InvalidRequestException.class, () -> OpenAiRequests.read(
                SyncTask.EMBEDDING, Map.of("model", "minilm", "input", "x", "encoding_format", "int8")))
                .fieldErrors().getFirst().field());
        var request = OpenAiRequests.read(SyncTask.EMBEDDING, Map.of("model", "minilm", "input", "x",
                "encoding_format", "base64"));
        assertFalse(request.stream());
        assertEquals(Map.of("input", "x"), request.input());
    }

    @Test
    void aCompletionTakesOnePrompt() {
        assertEquals(Map.of("prompt", "once"),
                OpenAiRequests.read(SyncTask.COMPLETION, Map.of("model", "m", "prompt", List.of("once"))).input());
        assertEquals("prompt", assertThrows(InvalidRequestException.class, () -> OpenAiRequests.read(SyncTask.COMPLETION,
                Map.of("model", "m", "prompt", List.of("one", "two")))).fieldErrors().getFirst().field());
    }
}
