package io.inferline.api.adapter.kafka;

import io.inferline.api.application.JobQueue;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import jakarta.inject.Singleton;

@Singleton
class KafkaJobQueue implements JobQueue {

    private final JobRequestProducer producer;

    KafkaJobQueue(JobRequestProducer producer) {
        this.producer = producer;
    }

    @Override
    public void enqueue(JobRequested request) {
        producer.send(Topics.jobRequests(request.pool()), request.jobId().toString(), request);
    }
}
