package io.inferline.inference.domain;

import java.util.Map;

public record BackendResult(Map<String, Object> output) {
}
