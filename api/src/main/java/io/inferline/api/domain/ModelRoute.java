package io.inferline.api.domain;

/** Where a model's jobs go: the worker pool (and so the Kafka topic) and the backend adapter that runs them. */
public record ModelRoute(String model, String pool, String backend) {
}
