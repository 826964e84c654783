package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

@KafkaClient(id = "job-events", acks = KafkaClient.Acknowledge.ALL)
interface JobEventProducer {

    @Topic(Topics.JOB_EVENTS)
    void send(@KafkaKey String jobId, JobEvent event);
}
