package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.inference.application.JobEvents;
import jakarta.inject.Singleton;

@Singleton
class KafkaJobEvents implements JobEvents {

    private final JobEventProducer producer;

    KafkaJobEvents(JobEventProducer producer) {
        this.producer = producer;
    }

    @Override
    public void publish(JobEvent event) {
        producer.send(event.jobId().toString(), event);
    }
}
