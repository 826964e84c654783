package io.inferline.api.domain;

/**
 * Where a model's jobs go: the model version, the worker pool (and so the Kafka topic), the backend adapter that
 * runs them, and why this route was chosen (stored on the job).
 */
public record ModelRoute(String model, String version, String pool, String backend, String reason) {
}
