package io.inferline.api.application.webhooks;

import io.inferline.api.config.WebhookProperties;
import io.inferline.api.domain.RetrySchedule;
import io.inferline.api.domain.WebhookSignature;
import io.inferline.common.concurrent.WorkLoop;
import io.inferline.common.logging.JobLogContext;
import io.inferline.contracts.v1.events.JobOutput;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers webhooks from PostgreSQL, in every API replica: turns recorded job changes into deliveries, leases
 * the ones that are due, sends them without blocking (bounded in flight, and per tenant), and records each
 * attempt. A replica that dies mid-send loses nothing: its lease runs out and another replica sends again with
 * the same {@code webhook-id}.
 */
@Singleton
public class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final long IDLE_POLL_MILLIS = 200;

    private final WebhookStore store;
    private final WebhookStore.Planner planner;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer attemptLatency;
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final Semaphore inFlight;
    private final Map<String, AtomicInteger> inFlightPerTenant = new ConcurrentHashMap<>();
    private final ExecutorService recorder = Executors.newVirtualThreadPerTaskExecutor();
    private WorkLoop loop;

    public WebhookDispatcher(WebhookStore store, WebhookStore.Planner planner, WebhookSender sender,
                             WebhookProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.planner = planner;
        this.sender = sender;
        this.properties = properties;
        this.schedule = properties.retrySchedule();
        this.clock = clock;
        this.meters = meters;
        this.inFlight = new Semaphore(properties.getConcurrency());
        this.attemptLatency = Timer.builder("inferline.webhook.attempt.latency")
                .description("Time for a receiver to answer one webhook attempt").register(meters);
        // how long the most overdue pending delivery has waited past its due time (0: none is overdue)
        meters.gauge("inferline.webhook.oldest.pending.age.seconds", oldestPendingAgeSeconds);
    }

    /** Records the deliveries of a piece of a streaming job's answer and sends them without waiting for a poll. */
    public void planOutput(JobOutput output) {
        if (store.planOutput(output, planner) > 0) {
            wake();
        }
    }

    /** Called when something may be due now (a replay), so it goes out without waiting for the next poll. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        loop = WorkLoop.start("webhook-dispatcher", Duration.ofMillis(IDLE_POLL_MILLIS), this::dispatchOnce);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
        recorder.shutdown();
    }

    /** Plans deliveries for recorded job changes and sends what is due; true when there was work. */
    private boolean dispatchOnce() {
        int planned = store.planChanges(200, planner);
        int sent = sendDue();
        oldestPendingAgeSeconds.set(store.oldestDue()
                .map(due -> Math.max(0, Duration.between(due, clock.instant()).toSeconds())).orElse(0L));
        return planned > 0 || sent > 0;
    }

    private int sendDue() {
        int free = inFlight.availablePermits();
        if (free == 0) {
            return 0;
        }
        List<Delivery> due = store.claimDue(Math.min(free, 100), LEASE);
        for (Delivery delivery : due) {
            var tenantInFlight = inFlightPerTenant.computeIfAbsent(delivery.tenantId(), t -> new AtomicInteger());
            if (tenantInFlight.get() >= properties.getTenantConcurrency() || !inFlight.tryAcquire()) {
                store.postpone(delivery, clock.instant().plusMillis(250));
                continue;
            }
            tenantInFlight.incrementAndGet();
            sendWithJobId(delivery).whenComplete((ignored, failure) -> {
                tenantInFlight.decrementAndGet();
                inFlight.release();
                if (failure != null) {
                    LOG.warn("recording webhook attempt {} failed; its lease will expire and it will be retried: {}",
                            delivery.id(), failure.toString());
                }
            });
        }
        return due.size();
    }

    private CompletableFuture<Void> sendWithJobId(Delivery delivery) {
        try (var ignored = JobLogContext.of(delivery.jobId())) {
            return send(delivery);
        }
    }

    private CompletableFuture<Void> send(Delivery delivery) {
        Instant started = clock.instant();
        long timestamp = started.getEpochSecond();
        var headers = Map.of(
                "webhook-id", delivery.id(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.header(store.signingSecrets(delivery.tenantId()), delivery.id(),
                        timestamp, delivery.payload()),
                "content-type", "application/json",
                "user-agent", "Inferline-Webhooks/1");
        return sender.send(delivery.url(), headers, delivery.payload())
                .thenAcceptAsync(result -> {
                    try (var ignored = JobLogContext.of(delivery.jobId())) {
                        record(delivery, started, result);
                    }
                }, recorder);
    }

    private void record(Delivery delivery, Instant started, SendResult result) {
        attemptLatency.record(Duration.ofMillis(result.latencyMillis()));
        var attempt = new DeliveryLog.Attempt(delivery.attempts() + 1, started, result.statusCode(),
                result.latencyMillis(), result.body(), result.error());
        String outcome;
        if (result.delivered()) {
            store.recordDelivered(delivery, attempt);
            outcome = "delivered";
        } else if (result.refused()) {
            store.recordDead(delivery, attempt);
            outcome = "refused";
        } else if (Integer.valueOf(410).equals(result.statusCode())) {
            store.recordDead(delivery, attempt);
            if (delivery.endpointId() != null) {
                store.disableEndpoint(delivery.endpointId(), "the receiver answered 410 Gone");
            }
            outcome = "gone";
        } else {
            int next = delivery.retryIndex() + 1;
            Duration wait = schedule.waitAfter(next);
            if (wait == null) {
                store.recordDead(delivery, attempt);
                outcome = "dead";
            } else {
                if (result.retryAfter() != null && isThrottle(result.statusCode())) {
                    wait = result.retryAfter();
                }
                store.recordRetry(delivery, attempt, clock.instant().plus(wait), next);
                outcome = "retry";
            }
        }
        // one count per attempt: delivered, or not (retry: another attempt follows; refused, gone, dead: none does)
        meters.counter("inferline.webhook.deliveries", "outcome", outcome).increment();
    }

    private static boolean isThrottle(Integer status) {
        return status != null && (status == 429 || status == 503);
    }
}
