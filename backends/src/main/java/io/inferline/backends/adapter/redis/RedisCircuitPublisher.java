package io.inferline.backends.adapter.redis;

import io.inferline.backends.application.CircuitPublisher;
import io.inferline.backends.domain.ServedVersion;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.models.CircuitKeys;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Writes open circuits into the Redis hash {@link CircuitKeys#HASH} that every router reads (routing's
 * {@code RedisCircuits}): field {@code <model>@<version>}, value the epoch millisecond the circuit stays open until,
 * so a worker that dies leaves no circuit open for longer. Writes on its own thread: a backend call never waits for
 * Redis. Redis is reached lazily, on the first circuit change, so a process whose circuits never change needs none.
 */
@Singleton
@Requires(beans = RedisAccess.class)
class RedisCircuitPublisher implements CircuitPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitPublisher.class);

    private final BeanProvider<RedisAccess> redis;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("circuit-publisher").factory());

    RedisCircuitPublisher(BeanProvider<RedisAccess> redis) {
        this.redis = redis;
    }

    @Override
    public void opened(Collection<ServedVersion> versions, Instant until) {
        List<ServedVersion> copy = List.copyOf(versions);
        submit(() -> write(copy, "open", version -> redis.get().commands().hset(CircuitKeys.HASH,
                CircuitKeys.field(version.model(), version.version()), Long.toString(until.toEpochMilli()))));
    }

    @Override
    public void closed(Collection<ServedVersion> versions) {
        List<ServedVersion> copy = List.copyOf(versions);
        submit(() -> write(copy, "closed", version -> redis.get().commands().hdel(CircuitKeys.HASH,
                CircuitKeys.field(version.model(), version.version()))));
    }

    private void submit(Runnable write) {
        try {
            writer.execute(write);
        } catch (RejectedExecutionException e) {
            LOG.debug("shutting down: circuit change not published");
        }
    }

    private void write(List<ServedVersion> versions, String state, Consumer<ServedVersion> command) {
        for (ServedVersion version : versions) {
            try {
                command.accept(version);
            } catch (RuntimeException e) {
                LOG.warn("could not publish circuit {} for {}@{} to Redis: {}", state, version.model(), version.version(),
                        e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
    }
}
