package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Kubernetes label selectors: a LabelSelector (matchLabels, matchExpressions) or a plain map (Service selector). */
final class Selectors {

    private Selectors() {
    }

    static boolean isEmpty(JsonNode selector) {
        return selector == null || selector.isMissingNode() || selector.isNull()
                || (matchLabels(selector).isEmpty() && selector.path("matchExpressions").isEmpty());
    }

    static Map<String, String> matchLabels(JsonNode selector) {
        if (selector.has("matchLabels") || selector.has("matchExpressions")) {
            return K8sObject.strings(selector.path("matchLabels"));
        }
        Map<String, String> plain = new LinkedHashMap<>();
        selector.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) {
                plain.put(e.getKey(), e.getValue().asText());
            }
        });
        return plain;
    }

    static boolean matches(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels(selector).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            String value = labels.get(key);
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
