package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.CompletableFuture;

/** Sends return at once; the idempotent producer (acks=all) keeps the order of one job's events. */
@KafkaClient(id = "job-events", acks = KafkaClient.Acknowledge.ALL,
        properties = @Property(name = ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, value = "true"))
interface JobEventProducer {

    @Topic(Topics.JOB_EVENTS)
    CompletableFuture<RecordMetadata> send(@KafkaKey String jobId, JobEvent event);
}
