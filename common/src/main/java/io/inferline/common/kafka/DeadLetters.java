package io.inferline.common.kafka;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * Parks a record a listener gave up on, byte for byte, on a dead-letter topic with where it came from and why.
 * A listener may skip a record only after this returned.
 */
@Singleton
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final Producer<byte[], byte[]> producer;

    public DeadLetters(@KafkaClient(id = "dead-letters", acks = KafkaClient.Acknowledge.ALL)
                       Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** For a listener's {@code KafkaListenerExceptionHandler}: the record whose retries ran out. */
    public void publish(String deadLetterTopic, KafkaListenerException failure) {
        failure.getConsumerRecord().ifPresentOrElse(
                source -> publish(deadLetterTopic, source, rootCause(failure).toString()),
                () -> LOG.error("listener failed outside any record", failure));
    }

    public void publish(String deadLetterTopic, ConsumerRecord<?, ?> source, String reason) {
        var headers = new RecordHeaders(source.headers().toArray());
        headers.add("inferline.dlq.source", utf8(source.topic() + "/" + source.partition() + "@" + source.offset()));
        headers.add("inferline.dlq.reason", utf8(reason));
        var record = new ProducerRecord<>(deadLetterTopic, null, toBytes(source.key()), toBytes(source.value()),
                headers);
        try {
            producer.send(record).get();
            LOG.warn("record {}/{}@{} moved to {}: {}", source.topic(), source.partition(), source.offset(),
                    deadLetterTopic, reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not dead-letter " + source.topic() + "@" + source.offset(), e);
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static byte[] toBytes(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        return utf8(value.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
