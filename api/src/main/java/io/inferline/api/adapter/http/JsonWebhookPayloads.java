package io.inferline.api.adapter.http;

import io.inferline.api.application.webhooks.WebhookPayloads;
import io.inferline.api.domain.Job;
import io.inferline.api.domain.WebhookEvent;
import io.inferline.common.json.JsonObjects;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.JobResource;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code {"type": "job.completed", "timestamp": ..., "data": <the job as GET returns it>}}; {@code job.output} has
 * {@code "data": {"job_id", "status", "attempt", "seq", "delta"}} instead.
 */
@Singleton
class JsonWebhookPayloads implements WebhookPayloads {

    private final JsonObjects json;

    JsonWebhookPayloads(JsonObjects json) {
        this.json = json;
    }

    @Serdeable
    record Payload(String type, Instant timestamp, JobResource data) {
    }

    @Serdeable
    record OutputPayload(String type, Instant timestamp, OutputData data) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record OutputData(UUID jobId, JobStatus status, int attempt, long seq, String delta) {
    }

    @Override
    public String render(WebhookEvent event, Job job, Instant at) {
        return json.write(new Payload(event.type(), at, JobResources.of(job)));
    }

    @Override
    public String renderOutput(Job job, JobOutput output, Instant at) {
        return json.write(new OutputPayload(WebhookEvent.OUTPUT.type(), at,
                new OutputData(job.id(), job.status(), output.attempt(), output.seq(), output.delta())));
    }
}
