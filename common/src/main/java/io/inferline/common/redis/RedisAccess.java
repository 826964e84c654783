package io.inferline.common.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.function.Consumer;

/**
 * Redis as Inferline's services use it, the same whether it is one server ({@code redis.uri}, development) or a
 * cluster ({@code redis.uris}, production). Every command the services send names one key, so it runs on either.
 */
public interface RedisAccess {

    RedisClusterCommands<String, String> commands();

    /**
     * The same connection without waiting for answers: for writes nobody waits on. Commands still reach Redis in
     * the order they are sent, whichever of the two views sends them.
     */
    RedisClusterAsyncCommands<String, String> async();

    /** Subscribes now, or as soon as Redis can be reached (see {@link ChannelSubscription}). */
    ChannelSubscription subscribe(String channel, Consumer<String> onMessage);
}
