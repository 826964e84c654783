package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.concurrent.CompletableFuture;

/**
 * Output pieces are transient (the final job event carries the whole answer): one acknowledgement is enough, and a
 * broker that is away fails a send within a second instead of holding up the backend's stream.
 */
@KafkaClient(id = "job-output", acks = KafkaClient.Acknowledge.ONE,
        properties = @Property(name = ProducerConfig.MAX_BLOCK_MS_CONFIG, value = "1000"))
interface JobOutputProducer {

    @Topic(Topics.JOB_OUTPUT)
    CompletableFuture<Void> send(@KafkaKey String jobId, JobOutput output);
}
