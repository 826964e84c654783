package io.inferline.routing.adapter.kafka;

import io.inferline.common.kafka.RecordDecoder;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.config.SeedModels;
import io.inferline.routing.domain.RegistrySnapshot;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This process's copy of the registry, rebuilt from the compacted registry topic at start and then followed:
 * every process reads every partition from the beginning (no consumer group: each router needs all entries), so a
 * change published by model-mgmt reaches every router within one poll (100 ms) plus the broker's latency. Until it
 * has caught up, and for names the registry lacks, the configured seed models answer. Creates the topic, compacted,
 * when it is missing. Error strategy: an undecodable record is dead-lettered and skipped (the entry keeps its
 * previous value); a broker that is away is retried by the consumer itself.
 */
@Singleton
public class RegistryTopicCache implements RegistryView {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTopicCache.class);
    private static final int PARTITIONS = 1;

    private final AdminClient admin;
    private final RecordDecoder decoder;
    private final SeedModels seeds;
    private final String bootstrapServers;
    private final short replicationFactor;
    /** The registry merged with the seeds: rebuilt when a record changes it, not on every read. */
    private final AtomicReference<RegistrySnapshot> snapshot;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private Thread thread;

    RegistryTopicCache(AdminClient admin, RecordDecoder decoder, SeedModels seeds,
                       @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                       @Value("${inferline.kafka.replication-factor:1}") short replicationFactor) {
        this.admin = admin;
        this.decoder = decoder;
        this.seeds = seeds;
        this.snapshot = new AtomicReference<>(RegistrySnapshot.EMPTY.withDefaults(seeds.models()));
        this.bootstrapServers = bootstrapServers;
        this.replicationFactor = replicationFactor;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("registry-follower").start(this::follow);
        }
    }

    @Override
    public RegistrySnapshot current() {
        return snapshot.get();
    }

    @Override
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        start();
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void follow() {
        while (running) {
            try {
                declareTopic();
                consume();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("registry follower restarting after: {}", e.toString());
                sleep();
            }
        }
    }

    private void consume() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "inferline-registry-follower",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        try (var c = new KafkaConsumer<String, byte[]>(config)) {
            consumer = c;
            List<TopicPartition> partitions = c.partitionsFor(Topics.MODEL_REGISTRY, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.MODEL_REGISTRY + " has no partitions yet");
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            RegistrySnapshot building = RegistrySnapshot.EMPTY;
            RegistrySnapshot published = null;
            while (running) {
                var records = c.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    building = apply(building, record);
                }
                if (building != published) {
                    snapshot.set(building.withDefaults(seeds.models()));
                    published = building;
                }
                if (loaded.getCount() > 0 && ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    loaded.countDown();
                    LOG.info("registry loaded: {} models, {} aliases, {} tenant policies", building.models().size(),
                            building.aliases().size(), building.tenantPolicies().size());
                }
            }
        } finally {
            consumer = null;
        }
    }

    private RegistrySnapshot apply(RegistrySnapshot building, ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return building;
        }
        if (record.value() == null) {
            return building.apply(record.key(), null);
        }
        return decoder.decodeOrDeadLetter(record, RegistryChange.class, Topics.MODEL_REGISTRY_DEAD_LETTERS)
                .filter(change -> change.key().equals(record.key()))
                .map(change -> building.apply(record.key(), change))
                .orElse(building);
    }

    private void declareTopic() {
        var topic = new NewTopic(Topics.MODEL_REGISTRY, PARTITIONS, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("could not create {}: {}", Topics.MODEL_REGISTRY, e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{} not confirmed within 30 s", Topics.MODEL_REGISTRY);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        var c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }
}
