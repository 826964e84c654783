package io.inferline.celery.adapter.redis;

import io.inferline.celery.application.RawMessage;
import io.inferline.celery.domain.Transport;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The JSON envelope kombu's Redis transport pushes onto a queue's list: {@code body} (base64 when
 * {@code properties.body_encoding} says so), {@code content-type}, {@code content-encoding}, {@code headers} (the
 * task's fields in protocol 2) and {@code properties} ({@code priority}, {@code delivery_info.routing_key}, …).
 */
final class KombuEnvelope {

    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private KombuEnvelope() {
    }

    /** @param list the list it was taken from: the queue's name, with a priority suffix for priority 1-9 */
    @SuppressWarnings("unchecked")
    static RawMessage read(String list, String message, JsonMapper json) {
        Map<String, Object> envelope;
        try {
            envelope = json.readValue(message, OBJECT);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (envelope == null) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> properties = envelope.get("properties") instanceof Map<?, ?> p
                ? (Map<String, Object>) p : Map.of();
        Map<String, Object> headers = envelope.get("headers") instanceof Map<?, ?> h
                ? (Map<String, Object>) h : Map.of();
        Map<String, Object> deliveryInfo = properties.get("delivery_info") instanceof Map<?, ?> d
                ? (Map<String, Object>) d : Map.of();
        int separator = list.indexOf(RedisTransport.SEPARATOR);
        String queue = separator < 0 ? list : list.substring(0, separator);
        Object routingKey = deliveryInfo.get("routing_key") == null ? queue : deliveryInfo.get("routing_key");
        String body = envelope.get("body") == null ? "" : String.valueOf(envelope.get("body"));
        byte[] bytes = "base64".equals(properties.get("body_encoding"))
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        Integer priority = properties.get("priority") instanceof Number n ? n.intValue() : null;
        return new RawMessage(Transport.REDIS, queue, String.valueOf(routingKey), headers,
                (String) envelope.get("content-type"), (String) envelope.get("content-encoding"), priority, bytes);
    }
}
