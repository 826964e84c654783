package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.inference.application.JobEvents;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.CompletableFuture;

@Singleton
class KafkaJobEvents implements JobEvents {

    private final JobEventProducer producer;

    KafkaJobEvents(JobEventProducer producer) {
        this.producer = producer;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(JobEvent event) {
        return producer.send(event.jobId().toString(), event);
    }
}
