package io.inferline.api.adapter.persistence;

import io.inferline.common.concurrent.WorkLoop;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends the outbox to Kafka and deletes what the broker acknowledged (acks=all), in batches. Each batch is
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of API replicas relay side by side, and a batch whose
 * send fails stays in the outbox for the next try. Woken at once by new jobs; also polls, so rows left by a
 * replica that died are sent by the others.
 */
@Singleton
class OutboxRelay {

    private static final int BATCH = 500;
    private static final long POLL_MILLIS = 500;

    private final TransactionOperations<Connection> tx;
    private final Producer<String, String> producer;
    private WorkLoop loop;

    OutboxRelay(@Named("api") TransactionOperations<Connection> tx,
                @KafkaClient(id = "job-requests", acks = KafkaClient.Acknowledge.ALL) Producer<String, String> producer) {
        this.tx = tx;
        this.producer = producer;
    }

    void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        loop = WorkLoop.start("outbox-relay", Duration.ofMillis(POLL_MILLIS), () -> relayBatch() == BATCH);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.close();
        }
    }

    private int relayBatch() {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            var ids = new ArrayList<Long>();
            var sends = new ArrayList<Future<RecordMetadata>>();
            try (var ps = connection.prepareStatement("SELECT id, topic, key, payload FROM api.outbox "
                    + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setInt(1, BATCH);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong("id"));
                        sends.add(producer.send(new ProducerRecord<>(rs.getString("topic"), rs.getString("key"),
                                rs.getString("payload"))));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            awaitAll(sends);
            try (var ps = connection.prepareStatement("DELETE FROM api.outbox WHERE id = ANY (?)")) {
                ps.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                ps.executeUpdate();
            }
            return ids.size();
        });
    }

    private static void awaitAll(List<Future<RecordMetadata>> sends) throws Exception {
        for (Future<RecordMetadata> send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
    }
}
