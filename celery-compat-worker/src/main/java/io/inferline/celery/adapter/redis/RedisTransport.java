package io.inferline.celery.adapter.redis;

import io.inferline.celery.application.RawMessage;
import io.inferline.celery.application.TaskIntake;
import io.inferline.celery.application.TaskIntake.Disposition;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * kombu's Redis transport, consumer side: each queue is a list that producers LPUSH JSON envelopes onto (priority
 * 1-9 on lists named {@code <queue>\x06\x16<step>}), consumed from the right, the most urgent list first.
 *
 * <p>Delivery is at least once, which kombu's own BRPOP-then-record does not guarantee: a message is taken from its
 * list and recorded as unacknowledged in one atomic script, with the time it was taken, and removed from that
 * record when it is settled. While this worker holds a message it refreshes that time; a record older than the
 * visibility timeout belongs to a worker that died, and any worker puts the message back at the consuming end of
 * its list. The records are this worker's own keys ({@code inferline-celery:unacked*}), not kombu's, so a Celery
 * worker on the same Redis never restores a message of ours nor we one of its.
 */
final class RedisTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);
    static final String SEPARATOR = "\u0006\u0016";
    static final List<String> PRIORITY_STEPS = List.of("", "3", "6", "9");
    static final String UNACKED = "inferline-celery:unacked";
    static final String UNACKED_INDEX = "inferline-celery:unacked_index";

    /** KEYS: the lists in priority order, then the unacked hash and its index; ARGV: now (ms), a new tag. */
    private static final String CLAIM = """
            local lists = #KEYS - 2
            for i = 1, lists do
              local message = redis.call('RPOP', KEYS[i])
              if message then
                redis.call('HSET', KEYS[lists + 1], ARGV[2], cjson.encode({KEYS[i], message}))
                redis.call('ZADD', KEYS[lists + 2], ARGV[1], ARGV[2])
                return {KEYS[i], message}
              end
            end
            return {}
            """;

    /** KEYS: the unacked hash and its index; ARGV: the tag. */
    private static final String ACK = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            return redis.call('ZREM', KEYS[2], ARGV[1])
            """;

    /** KEYS: the unacked hash and its index; ARGV: tags to put back at the consuming end of their lists. */
    private static final String REQUEUE = """
            local restored = 0
            for i = 1, #ARGV do
              local entry = redis.call('HGET', KEYS[1], ARGV[i])
              if entry then
                local list_and_message = cjson.decode(entry)
                redis.call('RPUSH', list_and_message[1], list_and_message[2])
                restored = restored + 1
              end
              redis.call('HDEL', KEYS[1], ARGV[i])
              redis.call('ZREM', KEYS[2], ARGV[i])
            end
            return restored
            """;

    private final String url;
    private final Supplier<StatefulRedisConnection<String, String>> connect;
    private final List<String> queues;
    private final String[] claimKeys;
    private final Semaphore permits;
    private final Duration visibilityTimeout;
    private final Duration pollInterval;
    private final TaskIntake intake;
    private final JsonMapper json;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("celery-redis-visibility").factory());
    private volatile boolean running;
    private volatile StatefulRedisConnection<String, String> connection;
    private Thread poller;

    RedisTransport(String url, Supplier<StatefulRedisConnection<String, String>> connect, List<String> queues,
                   int concurrency, Duration visibilityTimeout, Duration pollInterval, TaskIntake intake,
                   JsonMapper json, Clock clock) {
        this.url = url;
        this.connect = connect;
        this.queues = List.copyOf(queues);
        this.permits = new Semaphore(concurrency);
        this.visibilityTimeout = visibilityTimeout;
        this.pollInterval = pollInterval;
        this.intake = intake;
        this.json = json;
        this.clock = clock;
        List<String> keys = new ArrayList<>();
        for (String step : PRIORITY_STEPS) {
            for (String queue : queues) {
                keys.add(step.isEmpty() ? queue : queue + SEPARATOR + step);
            }
        }
        keys.add(UNACKED);
        keys.add(UNACKED_INDEX);
        this.claimKeys = keys.toArray(String[]::new);
    }

    void start() {
        running = true;
        poller = Thread.ofPlatform().daemon().name("celery-redis-" + String.join(",", queues)).start(this::poll);
        long period = Math.max(200, visibilityTimeout.toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::keepVisible, period, period, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                RedisCommands<String, String> redis = commands();
                restoreAbandoned(redis);
                LOG.info("consuming Celery queues {} on {}", queues, CeleryRedis.redact(url));
                backoff = Duration.ofMillis(500);
                while (running) {
                    permits.acquire();
                    boolean dispatched = false;
                    try {
                        String tag = UUID.randomUUID().toString();
                        List<Object> claimed = redis.eval(CLAIM, ScriptOutputType.MULTI, claimKeys,
                                Long.toString(clock.millis()), tag);
                        if (claimed != null && claimed.size() == 2) {
                            dispatch(tag, (String) claimed.get(0), (String) claimed.get(1));
                            dispatched = true;
                        }
                    } finally {
                        if (!dispatched) {
                            permits.release();
                        }
                    }
                    if (!dispatched) {
                        Thread.sleep(pollInterval);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Celery Redis broker {} unavailable ({}); retrying in {}", CeleryRedis.redact(url),
                        e.toString(), backoff);
                sleepQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void dispatch(String tag, String list, String message) {
        inFlight.add(tag);
        workers.execute(() -> {
            try {
                settle(tag, process(list, message));
            } finally {
                inFlight.remove(tag);
                permits.release();
            }
        });
    }

    private Disposition process(String list, String message) {
        RawMessage raw;
        try {
            raw = KombuEnvelope.read(list, message, json);
        } catch (RuntimeException e) {
            LOG.warn("dropping an entry of Redis list {} that is not a kombu message: {}", printable(list),
                    e.toString());
            return Disposition.REJECT;
        }
        try {
            return intake.handle(raw);
        } catch (InterruptedException e) {
            return Disposition.REQUEUE; // shutting down: the message goes back (see close)
        } catch (RuntimeException e) {
            LOG.warn("could not take a task from {} now; it goes back to its queue: {}", printable(list), e.toString());
            sleepQuietly(Duration.ofSeconds(1));
            return Disposition.REQUEUE;
        }
    }

    private void settle(String tag, Disposition disposition) {
        Thread.interrupted(); // an interrupt left from shutdown would fail the command that puts the message back
        try {
            if (disposition == Disposition.REQUEUE) {
                commands().eval(REQUEUE, ScriptOutputType.INTEGER, new String[]{UNACKED, UNACKED_INDEX}, tag);
            } else {
                commands().eval(ACK, ScriptOutputType.INTEGER, new String[]{UNACKED, UNACKED_INDEX}, tag);
            }
        } catch (RuntimeException e) {
            // the record stays; once its time is up the message is delivered again, and recognised as known
            LOG.warn("could not settle message {} on {}: {}", tag, CeleryRedis.redact(url), e.toString());
        }
    }

    /** Refreshes the records of the messages this worker holds, then puts back those a dead worker held. */
    private void keepVisible() {
        try {
            RedisCommands<String, String> redis = commands();
            String now = Long.toString(clock.millis());
            for (String tag : inFlight) {
                redis.zadd(UNACKED_INDEX, ZAddArgs.Builder.xx(), Double.parseDouble(now), tag);
            }
            restoreAbandoned(redis);
        } catch (RuntimeException e) {
            LOG.debug("visibility upkeep on {} skipped: {}", CeleryRedis.redact(url), e.toString());
        }
    }

    private void restoreAbandoned(RedisCommands<String, String> redis) {
        long cutoff = clock.millis() - visibilityTimeout.toMillis();
        List<String> stale = new ArrayList<>(redis.zrangebyscore(UNACKED_INDEX,
                Range.create(Double.NEGATIVE_INFINITY, (double) cutoff)));
        stale.removeAll(inFlight);
        if (stale.isEmpty()) {
            return;
        }
        Long restored = redis.eval(REQUEUE, ScriptOutputType.INTEGER, new String[]{UNACKED, UNACKED_INDEX},
                stale.toArray(String[]::new));
        if (restored != null && restored > 0) {
            LOG.info("put {} messages a stopped worker had taken back on their queues", restored);
        }
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = connect.get();
                    for (String queue : queues) {
                        // what kombu's queue_bind records, so producers publishing to the exchange reach the queue
                        connection.sync().sadd("_kombu.binding." + queue, queue + SEPARATOR + SEPARATOR + queue);
                    }
                }
                current = connection;
            }
        }
        return current.sync();
    }

    private static String printable(String list) {
        return list.replace(SEPARATOR, "\\x06\\x16");
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (poller != null) {
            poller.interrupt();
            poller.join(2000);
        }
        housekeeping.shutdownNow();
        // tasks still waiting for the API are interrupted: they go back to their lists, to be delivered again
        workers.shutdown();
        if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
            workers.shutdownNow();
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("messages still in work on {} at shutdown are delivered again after the visibility timeout",
                        CeleryRedis.redact(url));
            }
        }
    }
}
