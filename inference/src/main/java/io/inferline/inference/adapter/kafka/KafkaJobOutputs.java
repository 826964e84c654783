package io.inferline.inference.adapter.kafka;

import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.inference.application.JobOutputs;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;

@Singleton
class KafkaJobOutputs implements JobOutputs {

    private final JobOutputProducer producer;

    KafkaJobOutputs(JobOutputProducer producer) {
        this.producer = producer;
    }

    @Override
    public CompletableFuture<?> publish(JobOutput output) {
        try {
            return producer.send(output.jobId().toString(), output);
        } catch (RuntimeException e) { // a send that cannot even start (no metadata in time) fails like one sent
            return CompletableFuture.failedFuture(e);
        }
    }
}
