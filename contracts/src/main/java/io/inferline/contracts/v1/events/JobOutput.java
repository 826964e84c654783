package io.inferline.contracts.v1.events;

import io.inferline.contracts.v1.jobs.JobOutputPiece;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.UUID;

/**
 * A piece of a job's answer while it streams, on {@link Topics#JOB_OUTPUT}, keyed by job id. Only jobs whose input
 * asks for {@code "stream": true} have pieces. {@code seq} counts from 1 within an attempt; {@code delta} is the
 * text produced since the previous piece (choice 0). Transient: the job's final {@link JobEvent} carries the whole
 * answer, so a lost piece loses nothing for good.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobOutput(
        UUID jobId,
        String tenantId,
        int attempt,
        long seq,
        String delta,
        Instant occurredAt) {

    /** The piece as job followers see it, without the tenant. */
    public JobOutputPiece piece() {
        return new JobOutputPiece(jobId, attempt, seq, delta);
    }
}
