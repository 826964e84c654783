package io.inferline.contracts.v1.jobs;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** Body of {@code POST /v1/jobs}: which model to run and its input. */
@Serdeable
public record CreateJobRequest(String model, Map<String, Object> input) {
}
