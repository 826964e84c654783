package io.inferline.api.adapter.http;

import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.jobs.JobResource;

/** The HTTP view of a job. */
final class JobResources {

    private JobResources() {
    }

    static JobResource of(Job job) {
        return new JobResource(job.id(), JobResource.OBJECT, job.status(), job.model(), job.routedModel(), job.modelVersion(),
                job.priority(), job.input(), job.output(), job.usage(), job.error(), job.metadata(),
                job.routingReason(), job.attempt(), job.createdAt(), job.startedAt(), job.finishedAt(),
                job.expiresAt(), job.deadline(), job.webhook(), job.webhookEventsFilter(),
                JobResource.Links.of(job.id()));
    }
}
