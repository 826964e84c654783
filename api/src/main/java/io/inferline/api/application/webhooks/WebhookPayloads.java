package io.inferline.api.application.webhooks;

import io.inferline.api.domain.Job;
import io.inferline.api.domain.WebhookEvent;
import io.inferline.contracts.v1.events.JobOutput;

import java.time.Instant;

/** The body of a webhook: the event type, when it happened, and the job as {@code GET /v1/jobs/{id}} shows it. */
public interface WebhookPayloads {

    String render(WebhookEvent event, Job job, Instant at);

    /** {@code job.output}: the piece of the answer, with the job's id, status and attempt. */
    String renderOutput(Job job, JobOutput output, Instant at);
}
