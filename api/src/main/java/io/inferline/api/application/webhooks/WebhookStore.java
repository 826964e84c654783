package io.inferline.api.application.webhooks;

import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.jobs.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Deliveries, attempts, endpoints and signing secrets, durable in PostgreSQL. */
public interface WebhookStore {

    /** Decides the deliveries for one job change, inside the transaction that consumes the change. */
    interface Planner {
        List<NewDelivery> plan(Job job, JobStatus change, List<WebhookEndpoint> tenantEndpoints);

        /** The deliveries of a piece of a streaming job's answer; the same piece always plans the same ids. */
        List<NewDelivery> planOutput(Job job, JobOutput output, List<WebhookEndpoint> tenantEndpoints);
    }

    /** Turns up to {@code limit} recorded job changes into deliveries; returns how many changes it consumed. */
    int planChanges(int limit, Planner planner);

    /**
     * Records the deliveries of one piece of a job's answer; a piece recorded before (a redelivered record) adds
     * nothing. Returns how many deliveries it added.
     */
    int planOutput(JobOutput output, Planner planner);

    /** Leases up to {@code limit} deliveries that are due: no one else sends them until the lease ends. */
    List<Delivery> claimDue(int limit, Duration lease);

    void recordDelivered(Delivery delivery, DeliveryLog.Attempt attempt);

    void recordRetry(Delivery delivery, DeliveryLog.Attempt attempt, Instant nextAttemptAt, int nextRetryIndex);

    void recordDead(Delivery delivery, DeliveryLog.Attempt attempt);

    /** Gives a claimed delivery back untried, to be sent at {@code at}. */
    void postpone(Delivery delivery, Instant at);

    void disableEndpoint(UUID endpointId, String reason);

    /** The secrets to sign with now, newest first; creates the tenant's first secret when it has none. */
    List<String> signingSecrets(String tenantId);

    /** A new secret signs from now on; the current ones keep signing for {@code overlap}. */
    String rotateSecret(String tenantId, Duration overlap);

    WebhookEndpoint createEndpoint(String tenantId, String url, List<String> events);

    List<WebhookEndpoint> endpoints(String tenantId);

    boolean deleteEndpoint(String tenantId, UUID endpointId);

    List<DeliveryLog> deliveriesOfJob(String tenantId, UUID jobId);

    List<DeliveryLog> deliveriesOfEndpoint(String tenantId, UUID endpointId);

    /** Sends the delivery again now, with a fresh retry schedule; false if the tenant has no such delivery. */
    boolean replay(String tenantId, String deliveryId);

    /** When the oldest delivery that is due now became due. */
    Optional<Instant> oldestDue();
}
