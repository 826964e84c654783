package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.inference.application.WorkerMetrics;
import io.inferline.inference.config.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.naming.conventions.StringConvention;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Starts one {@link PoolWorker} per served pool ({@code inferline.inference.pools}) once the application is up, each
 * on its own platform thread, and starts a worker again when its consumer failed. Stops them all, in parallel and
 * with their grace period, when the application shuts down, before the beans they use are closed.
 */
@Context
class PoolWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(PoolWorkers.class);
    private static final long RESTART_DELAY_MILLIS = 5_000;

    private final WorkerProperties properties;
    private final JobRequestHandler handler;
    private final WorkerMetrics metrics;
    private final MeterRegistry meters;
    private final Properties kafka;
    private final Map<String, PoolWorker> current = new ConcurrentHashMap<>();
    private final List<Thread> supervisors = new ArrayList<>();
    private volatile boolean stopping;

    PoolWorkers(WorkerProperties properties, JobRequestHandler handler, WorkerMetrics metrics,
                @Nullable MeterRegistry meters, KafkaDefaultConfiguration kafkaDefaults, Environment environment) {
        this.properties = properties;
        this.handler = handler;
        this.metrics = metrics;
        this.meters = meters;
        this.kafka = consumerProperties(kafkaDefaults, environment);
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        if (!supervisors.isEmpty() || stopping) {
            return;
        }
        for (String pool : properties.servedPools()) {
            metrics.watch(pool, () -> workerOf(pool, PoolWorker::inFlight),
                    () -> workerOf(pool, PoolWorker::pausedPartitions));
            Thread supervisor = Thread.ofPlatform().name("pool-worker-" + pool).unstarted(() -> supervise(pool));
            supervisors.add(supervisor);
            supervisor.start();
            LOG.info("serving pool {}: topics {}, group {}, up to {} jobs at once", pool,
                    Topics.jobRequestTopics(pool), Topics.workerGroup(pool), properties.getMaxInFlight());
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        List<Thread> stoppers = current.values().stream()
                .map(worker -> Thread.ofVirtual().start(() -> {
                    try {
                        worker.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })).toList();
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int workerOf(String pool, ToIntFunction<PoolWorker> value) {
        PoolWorker worker = current.get(pool);
        return worker == null ? 0 : value.applyAsInt(worker);
    }

    private void supervise(String pool) {
        while (!stopping) {
            var consumer = new KafkaConsumer<String, byte[]>(forPool(pool));
            KafkaClientMetrics consumerMetrics = null;
            if (meters != null) {
                consumerMetrics = new KafkaClientMetrics(consumer);
                consumerMetrics.bindTo(meters);
            }
            var worker = new PoolWorker(pool, consumer, handler, properties.getMaxInFlight(),
                    properties.getShutdownGrace());
            current.put(pool, worker);
            if (stopping) {
                // stop() ran between the loop's check and the put: it did not see this worker
                consumer.close();
                return;
            }
            try {
                worker.run();
            } finally {
                if (consumerMetrics != null) {
                    consumerMetrics.close();
                }
            }
            if (!stopping) {
                LOG.warn("the consumer of pool {} stopped; starting it again in {} ms", pool, RESTART_DELAY_MILLIS);
                try {
                    Thread.sleep(RESTART_DELAY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Properties forPool(String pool) {
        var config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.workerGroup(pool));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "inferline-worker-" + pool);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, PoolWorker.bufferPerLane(properties.getMaxInFlight()));
        // a revoked partition may wait the grace period for its jobs inside poll(): the group must not drop us then
        long pollInterval = Math.max(300_000, properties.getShutdownGrace().toMillis() + 60_000);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, pollInterval));
        // a rebalance (KEDA adding a worker) only stops the partitions that move
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /** The shared {@code kafka.*} settings and {@code kafka.consumers.default.*}, as far as a consumer knows them. */
    private static Properties consumerProperties(KafkaDefaultConfiguration defaults, Environment environment) {
        var known = ConsumerConfig.configNames();
        var config = new Properties();
        defaults.getConfig().forEach((key, value) -> {
            if (known.contains(String.valueOf(key))) {
                config.put(key, value);
            }
        });
        environment.getProperties("kafka.consumers.default", StringConvention.RAW).forEach((key, value) -> {
            if (known.contains(key)) {
                config.put(key, value);
            }
        });
        return config;
    }
}
