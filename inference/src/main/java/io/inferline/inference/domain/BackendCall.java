package io.inferline.inference.domain;

import java.util.Map;
import java.util.UUID;

public record BackendCall(UUID jobId, int attempt, String model, Map<String, Object> input) {
}
