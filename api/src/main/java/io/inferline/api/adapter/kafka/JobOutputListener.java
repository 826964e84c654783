package io.inferline.api.adapter.kafka;

import io.inferline.api.application.JobOutputFanOut;
import io.inferline.common.kafka.DeadLetters;
import io.inferline.common.kafka.RecordDecoder;
import io.inferline.contracts.v1.events.JobOutput;
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
 * Follows the pieces of streaming jobs' answers ({@link Topics#JOB_OUTPUT}), in a group of its own shared by the
 * replicas: each piece is relayed to every replica's event streams and recorded as {@code job.output} webhook
 * deliveries. Error strategy: an undecodable record is dead-lettered at once (to the job events' dead-letter topic)
 * and skipped; a piece whose deliveries cannot be recorded (the database away) is retried a few times with
 * exponential backoff, then dead-lettered and skipped. Unlike a job event, a piece is not waited on for long: it is
 * transient, and the job's final event, which carries the whole answer, must not queue behind it. A retried piece
 * is relayed again (followers drop a {@code seq} they have seen) and plans no second delivery (ids derive from it).
 */
@KafkaListener(groupId = "inferline-api-job-output", offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCount = 3, retryDelay = "200ms"))
class JobOutputListener implements KafkaListenerExceptionHandler {

    private final JobOutputFanOut fanOut;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;

    JobOutputListener(JobOutputFanOut fanOut, RecordDecoder decoder, DeadLetters deadLetters) {
        this.fanOut = fanOut;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.JOB_OUTPUT)
    void receive(ConsumerRecord<String, byte[]> record) {
        decoder.decodeOrDeadLetter(record, JobOutput.class, Topics.JOB_EVENT_DEAD_LETTERS).ifPresent(fanOut::onOutput);
    }

    @Override
    public void handle(KafkaListenerException exception) {
        deadLetters.publish(Topics.JOB_EVENT_DEAD_LETTERS, exception);
    }
}
