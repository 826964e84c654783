package io.inferline.api.adapter.kafka;

import io.inferline.api.application.JobService;
import io.inferline.common.kafka.DeadLetters;
import io.inferline.common.kafka.RecordDecoder;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows every job's progress. Error strategy: an undecodable record is dead-lettered at once; a record that
 * fails to apply is retried with exponential backoff (the database may be briefly away), then dead-lettered and
 * skipped.
 */
@KafkaListener(groupId = "inferline-api-job-events", offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCount = 8, retryDelay = "200ms"))
class JobEventListener implements KafkaListenerExceptionHandler {

    private final JobService jobs;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;

    JobEventListener(JobService jobs, RecordDecoder decoder, DeadLetters deadLetters) {
        this.jobs = jobs;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.JOB_EVENTS)
    void receive(ConsumerRecord<String, byte[]> record) {
        decoder.decodeOrDeadLetter(record, JobEvent.class, Topics.JOB_EVENT_DEAD_LETTERS).ifPresent(jobs::onEvent);
    }

    @Override
    public void handle(KafkaListenerException exception) {
        deadLetters.publish(Topics.JOB_EVENT_DEAD_LETTERS, exception);
    }
}
