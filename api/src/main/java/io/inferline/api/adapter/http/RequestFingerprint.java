package io.inferline.api.adapter.http;

import io.inferline.common.crypto.Sha256;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two submissions "the same request" for Idempotency-Key: their JSON bodies with object keys in a
 * fixed order, so formatting and key order do not matter but every value does.
 */
@Singleton
class RequestFingerprint {

    private final JsonMapper json;

    RequestFingerprint(JsonMapper json) {
        this.json = json;
    }

    String of(JsonNode body) {
        try {
            Object value = json.readValueFromTree(body, Object.class);
            return Sha256.hex(json.writeValueAsString(canonical(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, Object>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RequestFingerprint::canonical).toList();
        }
        return value;
    }
}
