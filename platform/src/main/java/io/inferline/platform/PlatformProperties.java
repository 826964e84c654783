package io.inferline.platform;

import io.inferline.testkit.Infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Settings that point every service of the all-in-one process at one set of infrastructure. */
public final class PlatformProperties {

    /** Every service that owns a datasource, named after it. */
    static final String[] DATASOURCES = {"api", "auth", "inference", "registry", "celery"};

    /** The worker pools the embedded worker serves: the simulator's, and {@code cpu} where {@code minilm} is seeded. */
    static final List<String> POOLS = List.of("sim", "cpu");

    /** Celery's broker and result backend on the embedded Redis: database 1, apart from Inferline's own keys. */
    static final String CELERY_REDIS_DATABASE = "/1";

    private PlatformProperties() {
    }

    /** The seeded tenant's admin, as {@code ./inferline up} writes it to {@code .inferline/dev.env}. */
    static final String ADMIN_EMAIL = "admin@inferline.local";

    public static Map<String, Object> of(Infrastructure infrastructure, int port, String bootstrapApiKey) {
        Map<String, Object> properties = infrastructure.micronautProperties(DATASOURCES);
        properties.put("micronaut.server.port", port);
        properties.put("inferline.auth.bootstrap.api-key", bootstrapApiKey);
        properties.put("inferline.auth.bootstrap.admin-email", ADMIN_EMAIL);
        // api and model-mgmt verify access tokens against auth's keys, served by this same process
        properties.put("inferline.access.jwks-url", "http://127.0.0.1:" + port + "/.well-known/jwks.json");
        properties.put("inferline.inference.pools", POOLS);
        properties.put("inferline.kafka.pools", POOLS);
        // webhooks may reach receivers on this machine, which the SSRF guard refuses everywhere else
        properties.put("inferline.webhooks.allowed-networks", "127.0.0.1/32");
        // the Celery worker submits to this process's own API with the bootstrap key
        properties.put("inferline.celery.api-url", "http://127.0.0.1:" + port);
        properties.put("inferline.celery.api-key", bootstrapApiKey);
        properties.put("inferline.celery.brokers", List.of(celeryRedisUrl(infrastructure)));
        properties.put("inferline.celery.result-backend", celeryRedisUrl(infrastructure));
        return properties;
    }

    /** As {@link #of(Infrastructure, int, String)}, and the seeded admin logs in with {@code adminPassword}. */
    public static Map<String, Object> of(Infrastructure infrastructure, int port, String bootstrapApiKey,
                                         String adminPassword) {
        Map<String, Object> properties = of(infrastructure, port, bootstrapApiKey);
        properties.put("inferline.auth.bootstrap.admin-password", adminPassword);
        return properties;
    }

    /** Celery's Redis transport and result backend, as a Python client writes them in {@code broker_url}. */
    public static String celeryRedisUrl(Infrastructure infrastructure) {
        return infrastructure.redisUri() + CELERY_REDIS_DATABASE;
    }

    /** Adds a RabbitMQ (AMQP) broker the Celery worker consumes beside the Redis one. */
    public static void addCeleryBroker(Map<String, Object> properties, String amqpUrl) {
        @SuppressWarnings("unchecked")
        List<String> brokers = new ArrayList<>((List<String>) properties.get("inferline.celery.brokers"));
        brokers.add(amqpUrl);
        properties.put("inferline.celery.brokers", brokers);
    }
}
