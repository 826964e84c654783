package io.inferline.backends.domain;

import io.inferline.contracts.v1.jobs.Usage;

import java.util.Map;

/** What the backend answered, and the tokens it reports (null when it reports none). */
public record BackendResult(Map<String, Object> output, Usage usage) {
}
