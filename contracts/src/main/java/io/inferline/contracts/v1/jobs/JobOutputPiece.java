package io.inferline.contracts.v1.jobs;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.UUID;

/**
 * A piece of a streaming job's answer as {@code GET /v1/jobs/{id}/events} sends it ({@code event: output}):
 * {@code delta} is the text since the previous piece, {@code seq} counts from 1 within the attempt.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobOutputPiece(UUID jobId, int attempt, long seq, String delta) {
}
