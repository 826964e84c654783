package io.inferline.routing.adapter.kafka;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.domain.PoolLoad;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The consumer lag of worker pools, measured with the Kafka admin API every {@code inferline.routing.lag-refresh}
 * (2 s): for each pool of the registry (routing needs those that share a model version, operators and the console
 * want all), the sum over the pool's job-request topics (one per priority lane) of end offset minus the pool
 * group's committed offset (the earliest offset where the group has committed nothing yet). A decision never waits
 * for Kafka; a lag older than three refreshes counts as
 * unknown, so a router cut off from Kafka falls back to the primary pool instead of trusting stale numbers.
 */
@Singleton
@Requires(beans = AdminClient.class)
public class KafkaPoolLoad implements PoolLoad {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPoolLoad.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private record Measured(long lag, long atMillis) {
    }

    private final AdminClient admin;
    private final RegistryView registry;
    private final Clock clock;
    private final Duration refresh;
    private final Map<String, Measured> lags = new ConcurrentHashMap<>();
    private final ScheduledExecutorService measurer;
    private volatile boolean warned;

    KafkaPoolLoad(AdminClient admin, RegistryView registry, Clock clock,
                  @Value("${inferline.routing.lag-refresh:2s}") Duration refresh) {
        this.admin = admin;
        this.registry = registry;
        this.clock = clock;
        this.refresh = refresh;
        this.measurer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("pool-lag").factory());
        measurer.scheduleWithFixedDelay(this::measureSharedPools, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public OptionalLong lag(String pool) {
        Measured measured = lags.get(pool);
        if (measured == null || clock.millis() - measured.atMillis() > 3 * refresh.toMillis()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(measured.lag());
    }

    private void measureSharedPools() {
        try {
            measure(registry.current().pools());
            warned = false;
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            if (!warned) {
                LOG.warn("pool lag not measurable, routing takes primary pools until it is: {}", e.toString());
                warned = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Measures the given pools now. */
    void measure(Set<String> pools) throws ExecutionException, InterruptedException, TimeoutException {
        if (pools.isEmpty()) {
            return;
        }
        Set<String> topics = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long now = clock.millis();
        for (String pool : pools) {
            lags.put(pool, new Measured(lagOf(pool, topics), now));
        }
    }

    private long lagOf(String pool, Set<String> allTopics) throws ExecutionException, InterruptedException, TimeoutException {
        List<String> topics = allTopics.stream().filter(topic -> Topics.carriesJobRequestsOf(topic, pool)).toList();
        if (topics.isEmpty()) {
            return 0;
        }
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Topics.workerGroup(pool))
                .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long consumed = done == null ? starts.get(partition) : done.offset();
            lag += Math.max(0, ends.get(partition) - consumed);
        }
        return lag;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        var request = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @PreDestroy
    void stop() {
        measurer.shutdownNow();
    }
}
