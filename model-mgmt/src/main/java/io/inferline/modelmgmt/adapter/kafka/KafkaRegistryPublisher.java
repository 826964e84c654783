package io.inferline.modelmgmt.adapter.kafka;

import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.modelmgmt.application.RegistryPublisher;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends registry entries (and tombstones) to the compacted registry topic with acks=all, and waits for them. */
@Singleton
class KafkaRegistryPublisher implements RegistryPublisher {

    private final Producer<String, byte[]> producer;
    private final JsonMapper json;

    KafkaRegistryPublisher(@KafkaClient(id = "registry", acks = KafkaClient.Acknowledge.ALL) Producer<String, byte[]> producer,
                           JsonMapper json) {
        this.producer = producer;
        this.json = json;
    }

    @Override
    public void publish(RegistryChange change) {
        try {
            send(new ProducerRecord<>(Topics.MODEL_REGISTRY, change.key(), json.writeValueAsBytes(change)));
        } catch (IOException e) {
            throw new IllegalStateException("registry entry not serialisable", e);
        }
    }

    @Override
    public void publishDeletion(String kind, String name) {
        send(new ProducerRecord<>(Topics.MODEL_REGISTRY, RegistryChange.key(kind, name), null));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while publishing the registry change", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ServiceUnavailableException("the registry topic did not acknowledge the change", e);
        }
    }
}
