package io.inferline.common.kafka;

import io.inferline.contracts.v1.events.Topics;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Creates the topics of {@link Topics} at start-up where they are missing, so no consumer waits for a topic to
 * appear. Topics that exist are left as they are: in production the Strimzi KafkaTopic resources own their
 * partitions and replication.
 */
@Singleton
@Requires(property = "inferline.kafka.declare-topics", notEquals = "false")
class TopicDeclarations {

    private static final Logger LOG = LoggerFactory.getLogger(TopicDeclarations.class);

    private final AdminClient admin;
    private final List<String> pools;
    private final int partitions;
    private final short replicationFactor;

    TopicDeclarations(AdminClient admin,
                      @Value("${inferline.kafka.pools:sim}") List<String> pools,
                      @Value("${inferline.kafka.partitions:3}") int partitions,
                      @Value("${inferline.kafka.replication-factor:1}") short replicationFactor) {
        this.admin = admin;
        this.pools = pools;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    @EventListener
    void onStartup(StartupEvent event) throws InterruptedException {
        var topics = Stream.concat(
                        Stream.of(Topics.JOB_EVENTS, Topics.JOB_OUTPUT, Topics.JOB_DEAD_LETTERS,
                                Topics.JOB_EVENT_DEAD_LETTERS),
                        pools.stream().flatMap(pool -> Topics.jobRequestTopics(pool).stream()))
                .map(name -> new NewTopic(name, partitions, replicationFactor))
                .toList();
        for (var result : admin.createTopics(topics).values().entrySet()) {
            try {
                result.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    LOG.warn("could not create topic {}: {}", result.getKey(), e.getCause().toString());
                }
            } catch (TimeoutException e) {
                LOG.warn("topic {} not confirmed within 30 s; consumers will create it on demand", result.getKey());
            }
        }
    }
}
