package io.inferline.celery.application;

import io.inferline.celery.domain.CeleryState;
import io.inferline.celery.domain.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * What the worker counts, at {@code /prometheus}: {@code inferline_celery_tasks_received_total} (by transport and
 * queue), {@code _mapped_total} (by task), {@code _rejected_total} (by reason: not_registered, invalid_arguments,
 * unsupported, content_disallowed, expired, api_rejected, malformed), {@code _retried_total}, and
 * {@code inferline_celery_results_written_total} (by Celery state).
 */
@Singleton
public class CeleryMetrics {

    private final MeterRegistry registry;

    public CeleryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void received(Transport transport, String queue) {
        Counter.builder("inferline.celery.tasks.received").description("Celery task messages received")
                .tag("transport", transport.name().toLowerCase(Locale.ROOT)).tag("queue", String.valueOf(queue))
                .register(registry).increment();
    }

    /** Only configured task names become tags, so the label set stays bounded. */
    public void mapped(String task) {
        Counter.builder("inferline.celery.tasks.mapped").description("Celery tasks turned into job requests")
                .tag("task", task).register(registry).increment();
    }

    public void rejected(String reason) {
        Counter.builder("inferline.celery.tasks.rejected")
                .description("Celery tasks that became no job (their result says why, where they had an id)")
                .tag("reason", reason).register(registry).increment();
    }

    public void retried() {
        Counter.builder("inferline.celery.tasks.retried").description("failed jobs submitted again (max_retries)")
                .register(registry).increment();
    }

    public void resultWritten(CeleryState state) {
        Counter.builder("inferline.celery.results.written").description("results written to the Celery result backend")
                .tag("state", state.name()).register(registry).increment();
    }
}
