package io.inferline.inference.domain;

import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Usage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One attempt of a job on a worker, kept so a redelivered request is recognised and not run twice. */
public record Execution(UUID jobId, int attempt, JobStatus status, Map<String, Object> output, Usage usage,
                        JobError error, Instant finishedAt) {
}
