package io.inferline.inference.adapter.kafka;

import io.inferline.common.kafka.DeadLetters;
import io.inferline.common.kafka.RecordDecoder;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.inference.application.JobExecutor;
import io.inferline.inference.application.JobEvents;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Clock;

/**
 * Consumes the job requests of this worker's pool ({@code inferline.inference.pool}); the consumer group is per
 * pool, so KEDA scales each pool on its own lag. The offset is committed only after the job's final event is
 * published. Error strategy: an undecodable request is dead-lettered at once; a request whose processing keeps
 * failing (database or broker away) is retried with exponential backoff, then dead-lettered, marked failed on
 * the job, and skipped.
 */
@KafkaListener(groupId = "inferline-inference-${inferline.inference.pool:sim}", offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCount = 6, retryDelay = "500ms"))
class JobRequestListener implements KafkaListenerExceptionHandler {

    private final JobExecutor executor;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final JobEvents events;
    private final Clock clock;

    JobRequestListener(JobExecutor executor, RecordDecoder decoder, DeadLetters deadLetters, JobEvents events,
                       Clock clock) {
        this.executor = executor;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.events = events;
        this.clock = clock;
    }

    @Topic("inferline.jobs.${inferline.inference.pool:sim}.v1")
    void receive(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        var request = decoder.decodeOrDeadLetter(record, JobRequested.class, Topics.JOB_DEAD_LETTERS);
        if (request.isPresent()) {
            executor.execute(request.get());
        }
    }

    @Override
    public void handle(KafkaListenerException exception) {
        deadLetters.publish(Topics.JOB_DEAD_LETTERS, exception);
        exception.getConsumerRecord()
                .flatMap(record -> decoder.decode(record, JobRequested.class))
                .ifPresent(request -> events.publish(JobEvent.ended(request, JobStatus.FAILED,
                        new JobError("worker_gave_up", "the worker could not process the job; it was set aside "
                                + "for an operator"), clock.instant())));
    }
}
