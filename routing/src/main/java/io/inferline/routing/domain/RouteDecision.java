package io.inferline.routing.domain;

import java.util.List;
import java.util.Map;

/**
 * What serves a request and why: the model version, the pool (and so the topic), the backend, the priority lane,
 * the guard rules that matched, the input to queue (rewritten when a redact rule matched) and a human-readable
 * reason that is stored on the job.
 */
public record RouteDecision(String requestedModel, String model, String version, String pool, String backend,
                            String lane, List<GuardHit> guardHits, Map<String, Object> input, String reason) {

    public RouteDecision {
        guardHits = List.copyOf(guardHits);
    }

    public boolean redacted() {
        return guardHits.stream().anyMatch(hit -> hit.action() == GuardAction.REDACT);
    }
}
