package io.inferline.api.application.webhooks;

import io.inferline.api.domain.Job;
import io.inferline.api.domain.WebhookEvent;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.jobs.JobStatus;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Which deliveries a job change or a piece of a job's answer makes: the job's own webhook if its filter wants the
 * event, and every enabled endpoint of the tenant that wants it. */
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
        return deliveries(job, event.get(), payload, tenantEndpoints, target -> messageId());
    }

    @Override
    public List<NewDelivery> planOutput(Job job, JobOutput output, List<WebhookEndpoint> tenantEndpoints) {
        String payload = payloads.renderOutput(job, output, clock.instant());
        return deliveries(job, WebhookEvent.OUTPUT, payload, tenantEndpoints,
                target -> outputMessageId(output, target));
    }

    /** The job's own webhook if its filter names the event, then every enabled tenant endpoint that wants it. */
    private static List<NewDelivery> deliveries(Job job, WebhookEvent event, String payload,
                                                List<WebhookEndpoint> tenantEndpoints, Function<String, String> ids) {
        var deliveries = new ArrayList<NewDelivery>();
        if (job.webhook() != null && job.webhookEventsFilter() != null
                && job.webhookEventsFilter().contains(event.filterName())) {
            deliveries.add(new NewDelivery(ids.apply("job"), job.tenantId(), job.id(), null, job.webhook(),
                    event.type(), payload));
        }
        for (WebhookEndpoint endpoint : tenantEndpoints) {
            if (endpoint.enabled() && endpoint.events().contains(event.filterName())) {
                deliveries.add(new NewDelivery(ids.apply(endpoint.id().toString()), job.tenantId(), job.id(),
                        endpoint.id(), endpoint.url(), event.type(), payload));
            }
        }
        return deliveries;
    }

    /** Derived from the piece and its target, so a piece consumed twice is delivered once. */
    private static String outputMessageId(JobOutput output, String target) {
        String name = output.jobId() + "/" + output.attempt() + "/" + output.seq() + "/" + target;
        return "msg_" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    private static String messageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
}
