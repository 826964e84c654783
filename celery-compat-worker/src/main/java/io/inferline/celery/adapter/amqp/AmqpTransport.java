package io.inferline.celery.adapter.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.ShutdownSignalException;
import io.inferline.celery.application.RawMessage;
import io.inferline.celery.application.TaskIntake;
import io.inferline.celery.application.TaskIntake.Disposition;
import io.inferline.celery.domain.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumes Celery queues from an AMQP 0-9-1 broker (RabbitMQ) with manual acknowledgements: a message is
 * acknowledged only once its task is settled (see {@link TaskIntake}), so the broker delivers it again if this
 * worker dies first. Up to {@code prefetch} messages per queue are in work at once. A queue that does not exist
 * yet is declared as Celery declares its default one (a durable direct exchange and queue of the same name,
 * bound by that name); one that exists is used as it is, whatever its arguments.
 */
final class AmqpTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpTransport.class);

    private final AmqpUrl url;
    private final List<String> queues;
    private final int prefetch;
    private final TaskIntake intake;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Consumer tag to its channel, to stop the deliveries at shutdown. */
    private final Map<String, Channel> consumers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Connection connection;
    private Thread connector;

    AmqpTransport(AmqpUrl url, List<String> queues, int prefetch, TaskIntake intake) {
        this.url = url;
        this.queues = List.copyOf(queues);
        this.prefetch = prefetch;
        this.intake = intake;
    }

    /** Connects in the background, retrying until the broker answers; the client recovers later connection losses. */
    void start() {
        running = true;
        connector = Thread.ofPlatform().daemon().name("celery-amqp-connect").start(this::connect);
    }

    private void connect() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            Connection opened = null;
            try {
                opened = url.connectionFactory().newConnection("inferline-celery-compat");
                for (String queue : queues) {
                    consume(opened, queue);
                }
                connection = opened;
                LOG.info("consuming Celery queues {} on {}", queues, url);
                return;
            } catch (IOException | TimeoutException | RuntimeException e) {
                consumers.clear();
                if (opened != null) {
                    opened.abort(1000);
                }
                LOG.warn("Celery AMQP broker {} unavailable ({}); retrying in {}", url, e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void consume(Connection opened, String queue) throws IOException {
        declareIfMissing(opened, queue);
        Channel channel = opened.createChannel();
        channel.basicQos(prefetch);
        String consumerTag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) {
                try {
                    workers.execute(() -> settle(channel, envelope.getDeliveryTag(),
                            process(queue, envelope, properties, body)));
                } catch (RejectedExecutionException stopping) {
                    settle(channel, envelope.getDeliveryTag(), Disposition.REQUEUE);
                }
            }
        });
        consumers.put(consumerTag, channel);
    }

    private static void declareIfMissing(Connection opened, String queue) throws IOException {
        Channel probe = opened.createChannel();
        try {
            probe.queueDeclarePassive(queue);
            closeQuietly(probe);
            return;
        } catch (IOException missing) {
            // a failed passive declaration closes the channel: the queue does not exist
        }
        Channel channel = opened.createChannel();
        try {
            channel.exchangeDeclare(queue, "direct", true);
            channel.queueDeclare(queue, true, false, false, null);
            channel.queueBind(queue, queue, queue);
        } finally {
            closeQuietly(channel);
        }
    }

    private Disposition process(String queue, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        var raw = new RawMessage(Transport.AMQP, queue, envelope.getRoutingKey(), plain(properties.getHeaders()),
                properties.getContentType(), properties.getContentEncoding(), properties.getPriority(), body);
        try {
            return intake.handle(raw);
        } catch (InterruptedException e) {
            return Disposition.REQUEUE; // shutting down: the message goes back (see close)
        } catch (RuntimeException e) {
            LOG.warn("could not take a task from {} now; it goes back to the queue: {}", queue, e.toString());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return Disposition.REQUEUE;
        }
    }

    private static void settle(Channel channel, long deliveryTag, Disposition disposition) {
        Thread.interrupted(); // an interrupt left from shutdown would close the socket under the acknowledgement
        try {
            synchronized (channel) {
                switch (disposition) {
                    case ACK -> channel.basicAck(deliveryTag, false);
                    case REQUEUE -> channel.basicNack(deliveryTag, false, true);
                    case REJECT -> channel.basicReject(deliveryTag, false);
                }
            }
        } catch (IOException | ShutdownSignalException e) {
            // the channel is gone: the broker delivers the message again, and it is recognised as known
            LOG.warn("could not settle delivery {}: {}", deliveryTag, e.toString());
        }
    }

    /** AMQP table values as plain Java ones: long strings as String, nested tables and arrays likewise. */
    static Map<String, Object> plain(Map<String, Object> table) {
        if (table == null) {
            return Map.of();
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        table.forEach((key, value) -> plain.put(key, plainValue(value)));
        return plain;
    }

    @SuppressWarnings("unchecked")
    private static Object plainValue(Object value) {
        return switch (value) {
            case LongString s -> s.toString();
            case Map<?, ?> m -> plain((Map<String, Object>) m);
            case List<?> list -> {
                List<Object> items = new ArrayList<>(list.size());
                list.forEach(item -> items.add(plainValue(item)));
                yield items;
            }
            case null, default -> value;
        };
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            // closing is best effort
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (connector != null) {
            connector.interrupt();
            connector.join(2000);
        }
        Connection current = connection;
        if (current != null) {
            // stop deliveries first, let the tasks in work settle, then close: unsettled ones are delivered again
            for (var consumer : consumers.entrySet()) {
                try {
                    synchronized (consumer.getValue()) {
                        consumer.getValue().basicCancel(consumer.getKey());
                    }
                } catch (IOException | ShutdownSignalException e) {
                    // the connection is closing anyway
                }
            }
        }
        // tasks still waiting for the API are interrupted: they go back to the queue, to be delivered again
        workers.shutdown();
        if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
            workers.shutdownNow();
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("tasks still in work at shutdown go back to {} and are delivered again", url);
            }
        }
        if (current != null) {
            try {
                current.close(5000);
            } catch (IOException | ShutdownSignalException e) {
                LOG.debug("closing {}: {}", url, e.toString());
            }
        }
    }
}
