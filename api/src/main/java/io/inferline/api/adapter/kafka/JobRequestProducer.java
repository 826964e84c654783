package io.inferline.api.adapter.kafka;

import io.inferline.contracts.v1.events.JobRequested;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Blocking send: returns once every in-sync replica has the record (acks=all), or throws. */
@KafkaClient(id = "job-requests", acks = KafkaClient.Acknowledge.ALL)
interface JobRequestProducer {

    void send(@Topic String topic, @KafkaKey String jobId, JobRequested request);
}
