package io.inferline.common.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A subscription to one Redis pub/sub channel that survives Redis being away. Once connected, Lettuce
 * resubscribes by itself after a reconnect; the first connection is retried here, so a service starts (and
 * serves what it can) while Redis is still down.
 */
public final class ChannelSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscription.class);
    private static final long RETRY_SECONDS = 5;

    private final Supplier<? extends StatefulRedisPubSubConnection<String, String>> connect;
    private final String channel;
    private final Consumer<String> onMessage;
    private StatefulRedisPubSubConnection<String, String> connection;
    private boolean closed;

    private ChannelSubscription(Supplier<? extends StatefulRedisPubSubConnection<String, String>> connect,
                                String channel, Consumer<String> onMessage) {
        this.connect = connect;
        this.channel = channel;
        this.onMessage = onMessage;
    }

    /** Subscribes now, or as soon as Redis can be reached; {@code onMessage} runs on a thread it must not block. */
    public static ChannelSubscription open(Supplier<? extends StatefulRedisPubSubConnection<String, String>> connect,
                                           String channel, Consumer<String> onMessage) {
        var subscription = new ChannelSubscription(connect, channel, onMessage);
        subscription.connect();
        return subscription;
    }

    private synchronized void connect() {
        if (connection != null || closed) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> pubSub = connect.get();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    onMessage.accept(message);
                }
            });
            pubSub.sync().subscribe(channel);
            connection = pubSub;
        } catch (RuntimeException e) {
            LOG.warn("cannot subscribe to {} yet, retrying in {} s: {}", channel, RETRY_SECONDS, e.toString());
            CompletableFuture.delayedExecutor(RETRY_SECONDS, TimeUnit.SECONDS).execute(this::connect);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }
}
