package io.inferline.celery.adapter;

import io.inferline.celery.application.BrokerTransport;
import io.inferline.celery.application.TaskRoutes;
import io.inferline.celery.config.CeleryProperties;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a consumer for every broker in {@code inferline.celery.brokers} once the application is up, and stops
 * them before it goes down. Without a broker the worker idles (and says so); with one, it needs a result backend
 * and an API key, or it does not start.
 */
@Singleton
public class BrokerConsumers {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConsumers.class);

    private final CeleryProperties properties;
    private final List<BrokerTransport> transports;
    private final TaskRoutes routes;
    private final List<AutoCloseable> running = new ArrayList<>();

    BrokerConsumers(CeleryProperties properties, List<BrokerTransport> transports, TaskRoutes routes) {
        this.properties = properties;
        this.transports = transports;
        this.routes = routes;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (properties.getBrokers().isEmpty()) {
            LOG.info("no Celery broker configured (INFERLINE_CELERY_BROKER_URL): the Celery worker idles");
            return;
        }
        if (properties.getResultBackend() == null) {
            throw new IllegalStateException("INFERLINE_CELERY_RESULT_BACKEND (inferline.celery.result-backend) is "
                    + "required with a Celery broker: results are written there");
        }
        if (properties.getApiKey() == null || properties.getApiKey().isBlank()) {
            throw new IllegalStateException("INFERLINE_CELERY_API_KEY (inferline.celery.api-key) is required with a "
                    + "Celery broker: jobs are submitted with it");
        }
        synchronized (running) {
            for (String broker : properties.getBrokers()) {
                BrokerTransport transport = transports.stream().filter(t -> t.accepts(broker)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("unsupported Celery broker URL " + broker
                                .replaceAll("//([^@/]*)@", "//***@") + ": use amqp://, amqps:// or redis://"));
                running.add(transport.consume(broker));
            }
        }
        LOG.info("Celery worker: tasks {} from queues {} become jobs at {}", routes.names(), properties.getQueues(),
                properties.getApiUrl());
    }

    @PreDestroy
    void stop() {
        synchronized (running) {
            for (AutoCloseable transport : running) {
                try {
                    transport.close();
                } catch (Exception e) {
                    LOG.warn("stopping a Celery transport: {}", e.toString());
                }
            }
            running.clear();
        }
    }
}
