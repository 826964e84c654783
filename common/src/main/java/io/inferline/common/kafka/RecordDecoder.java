package io.inferline.common.kafka;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.util.Optional;

/**
 * Decodes a record's JSON value. Listeners receive raw bytes and decode here so that an undecodable record is
 * still in hand, and goes to its dead-letter topic at once instead of being retried.
 */
@Singleton
public class RecordDecoder {

    private final JsonMapper json;
    private final DeadLetters deadLetters;

    public RecordDecoder(JsonMapper json, DeadLetters deadLetters) {
        this.json = json;
        this.deadLetters = deadLetters;
    }

    /** The decoded value, or empty once the record has been dead-lettered. */
    public <T> Optional<T> decodeOrDeadLetter(ConsumerRecord<?, byte[]> record, Class<T> type, String deadLetterTopic) {
        try {
            return Optional.of(decodeOrThrow(record, type));
        } catch (IOException | RuntimeException e) {
            deadLetters.publish(deadLetterTopic, record, "undecodable " + type.getSimpleName() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The decoded value, or empty if the record does not hold one. */
    public <T> Optional<T> decode(ConsumerRecord<?, ?> record, Class<T> type) {
        try {
            return Optional.of(decodeOrThrow(record, type));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private <T> T decodeOrThrow(ConsumerRecord<?, ?> record, Class<T> type) throws IOException {
        if (!(record.value() instanceof byte[] bytes)) {
            throw new IOException("record value is not JSON bytes");
        }
        T value = json.readValue(bytes, type);
        if (value == null) {
            throw new IOException("record value is empty");
        }
        return value;
    }
}
