package io.inferline.routing.domain;

import io.inferline.contracts.v1.jobs.Priority;

import java.util.Map;

/**
 * What a router decides on: who asks, for which model or alias, how urgently, an estimate of the tokens, the key
 * that keeps a caller on one side of a split (null: the tenant), request features, and the input guard rules read.
 */
public record RouteRequest(String tenant, String model, Priority priority, Integer estimatedTokens, String stickyKey,
                           Map<String, String> features, Map<String, Object> input) {

    public RouteRequest {
        priority = priority == null ? Priority.NORMAL : priority;
        features = features == null ? Map.of() : Map.copyOf(features);
        input = input == null ? Map.of() : input;
    }

    public String effectiveStickyKey() {
        return stickyKey == null || stickyKey.isBlank() ? tenant : stickyKey;
    }
}
