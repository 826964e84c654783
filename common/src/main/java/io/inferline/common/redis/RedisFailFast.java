package io.inferline.common.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * While Redis is unreachable, commands fail at once instead of queueing until their timeout: every use of Redis
 * in Inferline has a way around it (PostgreSQL, a local copy), and that way is only fast if the failure is.
 */
final class RedisFailFast {

    private RedisFailFast() {
    }

    @Singleton
    @Requires(classes = RedisClient.class)
    static class Standalone implements BeanCreatedEventListener<RedisClient> {
        @Override
        public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
            event.getBean().setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            return event.getBean();
        }
    }

    /** A cluster client also follows failovers and resharding as soon as a node redirects it. */
    @Singleton
    @Requires(classes = RedisClusterClient.class)
    static class Cluster implements BeanCreatedEventListener<RedisClusterClient> {
        @Override
        public RedisClusterClient onCreated(BeanCreatedEvent<RedisClusterClient> event) {
            event.getBean().setOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
            return event.getBean();
        }
    }
}
