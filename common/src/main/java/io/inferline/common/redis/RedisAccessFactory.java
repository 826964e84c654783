package io.inferline.common.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.function.Consumer;

/** Picks the Redis that micronaut-redis configured: a cluster when {@code redis.uris} is set, else one server. */
@Factory
@Requires(classes = RedisClient.class)
class RedisAccessFactory {

    @Singleton
    @Requires(property = "redis.uris")
    RedisAccess cluster(StatefulRedisClusterConnection<String, String> connection, RedisClusterClient client) {
        return new Access(connection.sync(), connection.async(), (channel, onMessage) ->
                ChannelSubscription.open(client::connectPubSub, channel, onMessage));
    }

    @Singleton
    @Requires(missingProperty = "redis.uris")
    RedisAccess standalone(StatefulRedisConnection<String, String> connection, RedisClient client) {
        return new Access(connection.sync(), connection.async(), (channel, onMessage) ->
                ChannelSubscription.open(client::connectPubSub, channel, onMessage));
    }

    private interface Subscriber {
        ChannelSubscription subscribe(String channel, Consumer<String> onMessage);
    }

    private record Access(RedisClusterCommands<String, String> commands, RedisClusterAsyncCommands<String, String> async,
                          Subscriber subscriber) implements RedisAccess {
        @Override
        public ChannelSubscription subscribe(String channel, Consumer<String> onMessage) {
            return subscriber.subscribe(channel, onMessage);
        }
    }
}
