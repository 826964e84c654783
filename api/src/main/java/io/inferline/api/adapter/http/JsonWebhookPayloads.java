package io.inferline.api.adapter.http;

import io.inferline.api.application.webhooks.WebhookPayloads;
import io.inferline.api.domain.Job;
import io.inferline.api.domain.WebhookEvent;
import io.inferline.common.json.JsonObjects;
import io.inferline.contracts.v1.jobs.JobResource;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Instant;

/** {@code {"type": "job.completed", "timestamp": ..., "data": <the job as GET returns it>}}. */
@Singleton
class JsonWebhookPayloads implements WebhookPayloads {

    private final JsonObjects json;

    JsonWebhookPayloads(JsonObjects json) {
        this.json = json;
    }

    @Serdeable
    record Payload(String type, Instant timestamp, JobResource data) {
    }

    @Override
    public String render(WebhookEvent event, Job job, Instant at) {
        return json.write(new Payload(event.type(), at, JobResources.of(job)));
    }
}
