package io.inferline.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real infrastructure without Docker, on free loopback ports: an in-process Kafka broker, PostgreSQL behind
 * PgBouncer, Redis, and on demand a Redis cluster and RabbitMQ. Started once per JVM; everything it started is
 * stopped and its files deleted when the JVM exits.
 */
public final class Infrastructure {
    /** Set to {@code true} (system property or environment) to fail instead of falling back when PgBouncer is missing. */
    public static final String REQUIRE_PGBOUNCER = "INFERLINE_REQUIRE_PGBOUNCER";

    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    private static Infrastructure shared;
    private static RuntimeException sharedStartupFailure;

    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final PgBouncer pgBouncer;
    private final RedisServer redis;
    private RedisClusterServer redisCluster;
    private RabbitMqServer rabbitMq;

    private Infrastructure(KafkaBroker kafka, Database database, RedisServer redis) {
        this.kafka = kafka;
        this.postgres = database.postgres();
        this.pgBouncer = database.pgBouncer();
        this.redis = redis;
    }

    /** Starts Kafka, PostgreSQL, PgBouncer (if installed) and Redis standalone once per JVM (lazily, thread-safe); stopped by a shutdown hook. */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            if (sharedStartupFailure != null) {
                throw new IllegalStateException("The test infrastructure failed to start earlier in this JVM: "
                        + sharedStartupFailure.getMessage(), sharedStartupFailure);
            }
            try {
                shared = start();
            } catch (RuntimeException e) {
                sharedStartupFailure = e;
                throw e;
            }
        }
        return shared;
    }

    private static Infrastructure start() {
        Optional<Path> pgBouncerBinary = PgBouncer.findBinary();
        if (pgBouncerBinary.isEmpty() && pgBouncerRequired()) {
            throw new IllegalStateException("pgbouncer not found: apt-get install pgbouncer ("
                    + REQUIRE_PGBOUNCER + "=true forbids falling back to direct PostgreSQL connections)");
        }
        long started = System.nanoTime();
        Future<KafkaBroker> kafka;
        Future<Database> database;
        Future<RedisServer> redis;
        try (ExecutorService starters = Executors.newFixedThreadPool(3, daemonThreads())) {
            kafka = starters.submit(timed("Kafka", KafkaBroker::start));
            database = starters.submit(() -> Database.start(pgBouncerBinary));
            redis = starters.submit(timed("Redis", RedisServer::startStandalone));
        }
        // closing the executor waited for every start, so each future is done
        List<Future<? extends AutoCloseable>> starts = List.of(kafka, database, redis);
        RuntimeException failure = null;
        for (Future<? extends AutoCloseable> start : starts) {
            if (start.state() != Future.State.SUCCESS) {
                Throwable cause = start.exceptionNow();
                RuntimeException error = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                if (failure == null) {
                    failure = error;
                } else {
                    failure.addSuppressed(error);
                }
            }
        }
        if (failure != null) {
            starts.stream().filter(start -> start.state() == Future.State.SUCCESS)
                    .forEach(start -> Cleanup.closeQuietly(start.resultNow()));
            throw failure;
        }
        Infrastructure infrastructure = new Infrastructure(kafka.resultNow(), database.resultNow(), redis.resultNow());
        LOG.info("Test infrastructure ready in {} ms: {}", millisSince(started), infrastructure);
        return infrastructure;
    }

    private static boolean pgBouncerRequired() {
        String value = System.getProperty(REQUIRE_PGBOUNCER, System.getenv(REQUIRE_PGBOUNCER));
        return "true".equalsIgnoreCase(value);
    }

    /** PostgreSQL and, in front of it, PgBouncer (null when not installed). */
    private record Database(PostgresServer postgres, PgBouncer pgBouncer) implements AutoCloseable {
        static Database start(Optional<Path> pgBouncerBinary) {
            PostgresServer postgres = call(timed("PostgreSQL", PostgresServer::start));
            if (pgBouncerBinary.isEmpty()) {
                LOG.warn("pgbouncer is not installed (apt-get install pgbouncer): pooledJdbcUrl() connects directly "
                        + "to PostgreSQL, so transaction-pooling problems will not show up in these tests");
                return new Database(postgres, null);
            }
            try {
                return new Database(postgres,
                        call(timed("PgBouncer", () -> PgBouncer.start(pgBouncerBinary.get(), postgres.port()))));
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
        }

        @Override
        public void close() {
            if (pgBouncer != null) {
                pgBouncer.close();
            }
            postgres.close();
        }
    }

    /**
     * A Redis server of the caller's own, beside the shared one: for a test that stops it to see how a service
     * copes. Closed on exit at the latest.
     */
    public static RedisServer startPrivateRedis() {
        return Cleanup.onExit(RedisServer.startStandalone());
    }

    /**
     * A PgBouncer of the caller's own in front of the shared PostgreSQL: for a test that stops it to see how a
     * service copes with losing its database. Empty when PgBouncer is not installed. Closed on exit at the latest.
     */
    public Optional<PgBouncer> startPrivatePgBouncer() {
        return PgBouncer.findBinary().map(binary -> Cleanup.onExit(PgBouncer.start(binary, postgres.port())));
    }

    /**
     * A RabbitMQ node of the caller's own, beside the shared one: for a test that stops it. Closed on exit at the
     * latest.
     */
    public static RabbitMqServer startPrivateRabbitMq() {
        return Cleanup.onExit(RabbitMqServer.startNode());
    }

    /**
     * Closes {@code resource} when the JVM exits, before the infrastructure started so far: for an application
     * that uses it, so the application stops while its broker and databases are still there.
     */
    public static <T extends AutoCloseable> T closeOnExit(T resource) {
        return Cleanup.onExit(resource);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Direct to PostgreSQL, e.g. for Flyway. */
    public String postgresJdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** Through PgBouncer in transaction pooling mode; the direct URL if PgBouncer is not installed. */
    public String pooledJdbcUrl() {
        return pgBouncer != null ? pgBouncer.jdbcUrl() : postgresJdbcUrl();
    }

    public boolean pgBouncerRunning() {
        return pgBouncer != null;
    }

    public String databaseUser() {
        return PostgresServer.USER;
    }

    public String databasePassword() {
        return PostgresServer.PASSWORD;
    }

    public String redisUri() {
        return redis.uri();
    }

    /** A 6-node cluster (3 masters, 3 replicas), started on the first call. */
    public synchronized RedisCluster redisCluster() {
        if (redisCluster == null) {
            redisCluster = call(timed("Redis cluster", RedisClusterServer::start));
        }
        return redisCluster.toRedisCluster();
    }

    /** A throwaway RabbitMQ node, started on the first call. */
    public synchronized RabbitMq rabbitMq() {
        if (rabbitMq == null) {
            rabbitMq = call(timed("RabbitMQ", RabbitMqServer::startNode));
        }
        return rabbitMq.toRabbitMq();
    }

    /**
     * Micronaut properties for a service that uses the given named datasources: each goes through PgBouncer,
     * while Flyway migrates it directly; plus {@code kafka.bootstrap.servers} and {@code redis.uri}.
     */
    public Map<String, Object> micronautProperties(String... datasourceNames) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : datasourceNames) {
            String datasource = "datasources." + name + ".";
            properties.put(datasource + "url", pooledJdbcUrl());
            properties.put(datasource + "username", databaseUser());
            properties.put(datasource + "password", databasePassword());
            properties.put(datasource + "driver-class-name", "org.postgresql.Driver");
            String flyway = "flyway.datasources." + name + ".";
            properties.put(flyway + "url", postgresJdbcUrl());
            properties.put(flyway + "user", databaseUser());
            properties.put(flyway + "password", databasePassword());
        }
        properties.put("kafka.bootstrap.servers", kafkaBootstrapServers());
        properties.put("redis.uri", redisUri());
        return properties;
    }

    /**
     * {@link #micronautProperties} as a Micronaut {@code TestPropertyProvider} returns them (mutable), with the
     * HTTP server on a random port so tests never collide with a running {@code ./inferline up} or each other.
     */
    public Map<String, String> testProperties(String... datasourceNames) {
        Map<String, String> properties = new LinkedHashMap<>();
        micronautProperties(datasourceNames).forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    @Override
    public String toString() {
        return "kafka=" + kafkaBootstrapServers() + ", postgres=" + postgresJdbcUrl() + ", pooled=" + pooledJdbcUrl()
                + ", redis=" + redisUri();
    }

    private static <T> Callable<T> timed(String service, Callable<T> start) {
        return () -> {
            long started = System.nanoTime();
            T server = start.call();
            LOG.info("{} started in {} ms: {}", service, millisSince(started), server);
            return server;
        };
    }

    private static <T> T call(Callable<T> callable) {
        try {
            return callable.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "inferline-testkit-start-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
