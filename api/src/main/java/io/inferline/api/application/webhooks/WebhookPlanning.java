package io.inferline.api.application.webhooks;

import io.inferline.api.domain.Job;
import io.inferline.api.domain.WebhookEvent;
import io.inferline.contracts.v1.jobs.JobStatus;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Which deliveries a job change makes: the job's own webhook if its filter wants the event, and every enabled
 * endpoint of the tenant that wants it. */
@Singleton
class WebhookPlanning implements WebhookStore.Planner {

    private final WebhookPayloads payloads;
    private final Clock clock;

    WebhookPlanning(WebhookPayloads payloads, Clock clock) {
        this.payloads = payloads;
        this.clock = clock;
    }

    @Override
    public List<NewDelivery> plan(Job job, JobStatus change, List<WebhookEndpoint> tenantEndpoints) {
        var event = WebhookEvent.forStatus(change);
        if (event.isEmpty()) {
            return List.of();
        }
        String payload = payloads.render(event.get(), job, clock.instant());
        String type = event.get().type();
        var deliveries = new ArrayList<NewDelivery>();
        if (job.webhook() != null && job.webhookEventsFilter() != null
                && job.webhookEventsFilter().contains(event.get().filterName())) {
            deliveries.add(new NewDelivery(messageId(), job.tenantId(), job.id(), null, job.webhook(), type, payload));
        }
        for (WebhookEndpoint endpoint : tenantEndpoints) {
            if (endpoint.enabled() && endpoint.events().contains(event.get().filterName())) {
                deliveries.add(new NewDelivery(messageId(), job.tenantId(), job.id(), endpoint.id(), endpoint.url(),
                        type, payload));
            }
        }
        return deliveries;
    }

    private static String messageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
}
