package io.inferline.api.application;

import io.inferline.api.application.webhooks.WebhookDispatcher;
import io.inferline.common.logging.JobLogContext;
import io.inferline.contracts.v1.events.JobOutput;
import jakarta.inject.Singleton;

/**
 * Where a piece of a streaming job's answer goes: to the job's event streams on every replica at once, and into
 * durable {@code job.output} webhook deliveries for the job's webhook and the tenant's endpoints that want them.
 */
@Singleton
public class JobOutputFanOut {

    private final JobOutputRelay relay;
    private final WebhookDispatcher webhooks;

    public JobOutputFanOut(JobOutputRelay relay, WebhookDispatcher webhooks) {
        this.relay = relay;
        this.webhooks = webhooks;
    }

    public void onOutput(JobOutput output) {
        try (var ignored = JobLogContext.of(output.jobId())) {
            relay.publish(output);
            webhooks.planOutput(output);
        }
    }
}
