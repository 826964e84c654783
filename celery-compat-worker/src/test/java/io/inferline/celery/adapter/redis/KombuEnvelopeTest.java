package io.inferline.celery.adapter.redis;

import io.inferline.celery.application.CeleryProtocol;
import io.inferline.celery.application.RawMessage;
import io.inferline.celery.domain.TaskMessage;
import io.inferline.celery.domain.Transport;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KombuEnvelopeTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    @Test
    void readsTheEnvelopeCeleryPushedOntoTheList() throws IOException {
        RawMessage raw = KombuEnvelope.read("celery", fixture("redis-protocol2-send_task.list-item.json"), JSON);

        assertEquals(Transport.REDIS, raw.transport());
        assertEquals("celery", raw.queue());
        assertEquals("celery", raw.routingKey());
        assertEquals(0, raw.priority());
        assertEquals(fixture("redis-protocol2-send_task.body"), new String(raw.body(), StandardCharsets.UTF_8));
        TaskMessage task = new CeleryProtocol(JSON).parse(raw);
        assertEquals("3f1c2a9e-0000-4000-8000-000000000003", task.id());
        assertEquals(Map.of("prompt", "hello", "max_tokens", 16, "temperature", 0.5), task.kwargs());
    }

    @Test
    void aPriorityListBelongsToItsQueue() throws IOException {
        RawMessage raw = KombuEnvelope.read("celery" + RedisTransport.SEPARATOR + "6",
                fixture("redis-protocol2-handbuilt-lpush.json"), JSON);
        assertEquals("celery", raw.queue());
        assertEquals(List.of("model-r", 9), new CeleryProtocol(JSON).parse(raw).args());
    }

    @Test
    void theBindingIsWhatKombuRecords() throws IOException {
        assertEquals(fixture("redis-kombu-binding-celery.raw"), "celery" + RedisTransport.SEPARATOR
                + RedisTransport.SEPARATOR + "celery");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = KombuEnvelopeTest.class.getResourceAsStream("/celery-fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
