package io.inferline.contracts.v1.jobs;

import io.micronaut.serde.annotation.Serdeable;

/** Why a job failed: a stable machine-readable {@code type} and a message for people. */
@Serdeable
public record JobError(String type, String message) {
}
