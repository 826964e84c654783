package io.inferline.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** Writes records to and reads records from a real broker in tests, as text. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** Sends one record and waits until the broker has it. */
    public static void send(String bootstrapServers, String topic, String key, String value) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + topic, e.getCause());
        }
    }

    /** A reader of every partition of {@code topic} from its beginning, without a consumer group. */
    public static Reader reader(String bootstrapServers, String topic) {
        return new Reader(bootstrapServers, topic);
    }

    /** The value of the record's last header named {@code name}, or an empty string. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static final class Reader implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final String topic;
        private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

        private Reader(String bootstrapServers, String topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** The first record (old or new) that matches, waiting up to {@code timeout} for it. */
        public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
            return awaitCount(match, 1, timeout).get(0);
        }

        /** The first {@code count} records that match, waiting up to {@code timeout} for them. */
        public List<ConsumerRecord<String, String>> awaitCount(Predicate<ConsumerRecord<String, String>> match,
                                                                int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var matching = received.stream().filter(match).limit(count).toList();
                if (matching.size() == count) {
                    return matching;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + count + " matching records on " + topic + " within "
                            + timeout + ", found " + matching.size() + " among " + received.size());
                }
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
            }
        }

        /** Everything read so far. */
        public List<ConsumerRecord<String, String>> received() {
            return List.copyOf(received);
        }

        private List<TopicPartition> awaitPartitions() {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " has no partitions");
                }
            }
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(1));
        }
    }
}
