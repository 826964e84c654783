package io.inferline.celery.adapter.kafka;

import io.inferline.celery.application.ResultWriter;
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
 * Follows every job's events in a consumer group of its own and writes the Celery result of each job that is a
 * task of this worker; other jobs' events are passed over, those that carry their job's metadata without looking
 * anything up. Error strategy: an undecodable record is dead-lettered at once; a record that fails to apply
 * (PostgreSQL or the result backend away) is retried with exponential backoff, then dead-lettered and skipped. Its
 * task's result is not lost then: the scheduler looks up jobs whose result is overdue in the API
 * ({@code inferline.celery.reconcile-after}). Offsets are committed per poll, not per record: this group reads every
 * job's events, most of them not its own, and applying one twice is harmless.
 */
@KafkaListener(groupId = "inferline-celery-compat", offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCount = 8, retryDelay = "200ms"))
class JobEventListener implements KafkaListenerExceptionHandler {

    private final ResultWriter results;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;

    JobEventListener(ResultWriter results, RecordDecoder decoder, DeadLetters deadLetters) {
        this.results = results;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.JOB_EVENTS)
    void receive(ConsumerRecord<String, byte[]> record) {
        decoder.decodeOrDeadLetter(record, JobEvent.class, Topics.JOB_EVENT_DEAD_LETTERS).ifPresent(results::onEvent);
    }

    @Override
    public void handle(KafkaListenerException exception) {
        deadLetters.publish(Topics.JOB_EVENT_DEAD_LETTERS, exception);
    }
}
