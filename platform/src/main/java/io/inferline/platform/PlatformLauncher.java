package io.inferline.platform;

import io.inferline.api.application.Authenticator;
import io.inferline.api.application.webhooks.WebhookService;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.RabbitMq;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./inferline up}: starts the embedded infrastructure, then every Inferline service in this one JVM on one
 * HTTP port, seeds a tenant with an API key, writes {@code .inferline/dev.env} and says how to submit a job.
 * Ctrl-C stops the services and everything that was started for them.
 */
public final class PlatformLauncher {

    private PlatformLauncher() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        int port = Integer.parseInt(System.getenv().getOrDefault("INFERLINE_PORT", "8080"));
        var devEnv = new DevEnvFile(Path.of(System.getProperty("inferline.home", ".")));
        String apiKey = devEnv.apiKey();
        String adminPassword = devEnv.adminPassword();
        String keyEncryptionKey = devEnv.authKeyEncryptionKey();

        var infrastructure = Infrastructure.shared();
        Map<String, Object> properties = PlatformProperties.of(infrastructure, port, apiKey, adminPassword);
        properties.put("inferline.auth.key-encryption.key", keyEncryptionKey);
        // Celery producers mostly use RabbitMQ: where it is installed, the Celery worker consumes it too
        Optional<RabbitMq> rabbitMq = startRabbitMqIfInstalled(infrastructure);
        rabbitMq.ifPresent(rabbit -> PlatformProperties.addCeleryBroker(properties, celeryAmqpUrl(rabbit)));
        // Not Micronaut.run: its own shutdown hook would race the infrastructure's. This one hook stops the
        // services first, then the infrastructure they use.
        ApplicationContext context = Infrastructure.closeOnExit(ApplicationContext.builder(PlatformLauncher.class)
                .args(args)
                .properties(properties)
                .start());
        context.getBean(EmbeddedServer.class).start();

        String url = "http://127.0.0.1:" + port;
        String celeryBackend = PlatformProperties.celeryRedisUrl(infrastructure);
        String celeryBroker = rabbitMq.map(PlatformLauncher::celeryAmqpUrl).orElse(celeryBackend);
        var more = new LinkedHashMap<String, String>();
        more.put(DevEnvFile.ADMIN_API_KEY, apiKey);
        more.put(DevEnvFile.ADMIN_EMAIL, PlatformProperties.ADMIN_EMAIL);
        more.put(DevEnvFile.ADMIN_PASSWORD, adminPassword);
        more.put(DevEnvFile.WEBHOOK_SECRET, webhookSecret(context, apiKey));
        more.put(DevEnvFile.CELERY_BROKER_URL, celeryBroker);
        more.put(DevEnvFile.CELERY_RESULT_BACKEND, celeryBackend);
        more.put(DevEnvFile.AUTH_KEY_ENCRYPTION_KEY, keyEncryptionKey);
        devEnv.write(url, apiKey, more);
        System.out.println(instructions(url, devEnv.path(), infrastructure, (System.nanoTime() - started) / 1_000_000,
                celeryInstructions(celeryBroker, celeryBackend)));
    }

    /** The secret the seeded tenant's webhooks are signed with (created now if the tenant has none yet). */
    private static String webhookSecret(ApplicationContext context, String apiKey) {
        var caller = context.getBean(Authenticator.class).authenticate("Bearer " + apiKey);
        return context.getBean(WebhookService.class).secrets(caller).get(0);
    }

    private static Optional<RabbitMq> startRabbitMqIfInstalled(Infrastructure infrastructure) {
        try {
            return Optional.of(infrastructure.rabbitMq());
        } catch (RuntimeException e) {
            System.out.println("RabbitMQ not started (" + e.getMessage() + "); Celery tasks go through Redis only");
            return Optional.empty();
        }
    }

    /** kombu's spelling of the default virtual host: {@code amqp://user:password@host:port//}. */
    private static String celeryAmqpUrl(RabbitMq rabbit) {
        return rabbit.amqpUri() + "//";
    }

    private static String celeryInstructions(String broker, String backend) {
        return """
                Send a Celery task (queue 'celery' on %s; results in %s):
                  set -a; source .inferline/dev.env; set +a; python3 -c '
                  import os; from celery import Celery
                  app = Celery(broker=os.environ["INFERLINE_CELERY_BROKER_URL"],
                               backend=os.environ["INFERLINE_CELERY_RESULT_BACKEND"])
                  print(app.send_task("inferline.infer", args=["sim-chat", {"prompt": "Hello"}]).get(timeout=30))'
                """.formatted(broker, backend);
    }

    private static String instructions(String url, Path devEnv, Infrastructure infrastructure, long millis,
                                       String celery) {
        return """

                Inferline is up at %s (started in %d ms)
                  Kafka %s, PostgreSQL %s%s, Redis %s
                  URL and API key: %s
                  Web console: %s/console (sign in with INFERLINE_ADMIN_EMAIL / INFERLINE_ADMIN_PASSWORD)

                Submit a job:
                  source .inferline/dev.env
                  curl -s -X POST "$INFERLINE_URL/v1/jobs" -H "Authorization: Bearer $INFERLINE_API_KEY" \\
                       -H 'Content-Type: application/json' \\
                       -d '{"model":"sim-chat","input":{"prompt":"Hello, Inferline"}}'
                Poll it (use the id from the answer):
                  curl -s "$INFERLINE_URL/v1/jobs/<id>" -H "Authorization: Bearer $INFERLINE_API_KEY"
                Log in as the admin for an access token (docs/auth.md):
                  curl -s -X POST "$INFERLINE_URL/v1/auth/login" -H 'Content-Type: application/json' \
                       -d "{\"email\":\"$INFERLINE_ADMIN_EMAIL\",\"password\":\"$INFERLINE_ADMIN_PASSWORD\"}"

                %s
                Ctrl-C stops everything.
                """.formatted(url, millis, infrastructure.kafkaBootstrapServers(), infrastructure.postgresJdbcUrl(),
                infrastructure.pgBouncerRunning() ? " via PgBouncer " + infrastructure.pooledJdbcUrl() : " (no PgBouncer)",
                infrastructure.redisUri(), devEnv.toAbsolutePath().normalize(), url, celery);
    }
}
