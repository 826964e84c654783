package io.inferline.celery.application;

import io.inferline.celery.domain.MalformedMessageException;
import io.inferline.celery.domain.TaskMessage;
import io.inferline.celery.domain.Transport;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Messages captured from a real Celery client (src/test/resources/celery-fixtures). */
class CeleryProtocolTest {

    static final JsonMapper JSON = JsonMapper.createDefault();
    private final CeleryProtocol protocol = new CeleryProtocol(JSON);

    @Test
    void readsProtocol2AsRabbitMqHeldIt() throws IOException {
        TaskMessage task = protocol.parse(amqp("amqp-protocol2-send_task"));

        assertEquals("3f1c2a9e-0000-4000-8000-000000000001", task.id());
        assertEquals("tasks.infer", task.name());
        assertEquals(List.of("model-a", 3), task.args());
        assertEquals(Map.of("prompt", "hello", "max_tokens", 16, "temperature", 0.5), task.kwargs());
        assertEquals(List.of("prompt", "max_tokens", "temperature"), List.copyOf(task.kwargs().keySet()));
        assertEquals(2, task.protocol());
        assertEquals(0, task.retries());
        assertEquals("celery", task.queue());
        assertNull(task.eta());
        assertNull(task.expires());
        assertNull(task.canvas());
    }

    @Test
    void readsProtocol1() throws IOException {
        TaskMessage task = protocol.parse(amqp("amqp-protocol1-send_task"));

        assertEquals("3f1c2a9e-0000-4000-8000-000000000002", task.id());
        assertEquals("tasks.infer", task.name());
        assertEquals(List.of("model-a", 3), task.args());
        assertEquals(16, task.kwargs().get("max_tokens"));
        assertEquals(1, task.protocol());
    }

    @Test
    void readsTheMessagesBuiltElsewhereThatPythonWorkersAccepted() throws IOException {
        assertEquals(List.of("model-j", 7), protocol.parse(amqp("amqp-protocol2-java-published")).args());
        TaskMessage qpid = protocol.parse(amqp("qpid-amqp091-protocol2-send_task-named-exchange"));
        assertEquals(Map.of("prompt", "qpid"), qpid.kwargs());
    }

    @Test
    void readsEtaAndExpiresAsCeleryWritesThem() {
        var headers = Map.<String, Object>of("id", "t", "task", "inferline.infer",
                "eta", "2026-11-22T01:52:02.660686+00:00", "expires", "2026-11-22T01:52:32.660686");
        TaskMessage task = protocol.parse(new RawMessage(Transport.REDIS, "celery", "celery", headers,
                "application/json", "utf-8", 0, "[[], {}, {}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Instant.parse("2026-11-22T01:52:02.660686Z"), task.eta());
        assertEquals(Instant.parse("2026-11-22T01:52:32.660686Z"), task.expires());
    }

    @Test
    void aPickledTaskIsRefusedUnderItsIdAndSomethingElseIsNoTask() {
        var headers = Map.<String, Object>of("id", "t", "task", "tasks.infer");
        var pickled = assertThrows(CeleryProtocol.RefusedTask.class, () -> protocol.parse(new RawMessage(
                Transport.AMQP, "celery", "celery", headers, "application/x-python-serialize", "binary", 0,
                new byte[]{(byte) 0x80, 4})));
        assertEquals("t", pickled.context().taskId());
        assertEquals("ContentDisallowed", pickled.error().type());

        assertThrows(MalformedMessageException.class, () -> protocol.parse(new RawMessage(Transport.AMQP, "celery",
                "celery", Map.of(), "application/json", "utf-8", 0,
                "{\"hello\": 1}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void canvasIsNoticed() {
        var headers = Map.<String, Object>of("id", "t", "task", "inferline.infer");
        String body = "[[], {}, {\"callbacks\": [{\"task\": \"x\"}], \"errbacks\": null, \"chain\": null, "
                + "\"chord\": null}]";
        TaskMessage task = protocol.parse(new RawMessage(Transport.AMQP, "celery", "celery", headers,
                "application/json", "utf-8", 0, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("callbacks (link)", task.canvas());
    }

    /** A fixture as the AMQP transport hands it over: headers, content type and encoding, priority, body. */
    @SuppressWarnings("unchecked")
    static RawMessage amqp(String fixture) throws IOException {
        Map<String, Object> captured = JSON.readValue(read(fixture + ".json"),
                Argument.mapOf(String.class, Object.class));
        Map<String, Object> properties = (Map<String, Object>) captured.get("properties");
        Map<String, Object> envelope = (Map<String, Object>) captured.get("envelope");
        return new RawMessage(Transport.AMQP, "celery", (String) envelope.get("routing_key"),
                (Map<String, Object>) captured.get("headers"), (String) properties.get("content_type"),
                (String) properties.get("content_encoding"), ((Number) properties.get("priority")).intValue(),
                read(fixture + ".body").getBytes(StandardCharsets.UTF_8));
    }

    static String read(String name) throws IOException {
        try (InputStream in = CeleryProtocolTest.class.getResourceAsStream("/celery-fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
