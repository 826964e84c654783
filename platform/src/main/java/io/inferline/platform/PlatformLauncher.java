package io.inferline.platform;

import io.inferline.testkit.Infrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.nio.file.Path;

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

        var infrastructure = Infrastructure.shared();
        // Not Micronaut.run: its own shutdown hook would race the infrastructure's. This one hook stops the
        // services first, then the infrastructure they use.
        ApplicationContext context = Infrastructure.closeOnExit(ApplicationContext.builder(PlatformLauncher.class)
                .args(args)
                .properties(PlatformProperties.of(infrastructure, port, apiKey))
                .start());
        context.getBean(EmbeddedServer.class).start();

        String url = "http://127.0.0.1:" + port;
        devEnv.write(url, apiKey);
        System.out.println(instructions(url, devEnv.path(), infrastructure, (System.nanoTime() - started) / 1_000_000));
    }

    private static String instructions(String url, Path devEnv, Infrastructure infrastructure, long millis) {
        return """

                Inferline is up at %s (started in %d ms)
                  Kafka %s, PostgreSQL %s%s, Redis %s
                  URL and API key: %s

                Submit a job:
                  source .inferline/dev.env
                  curl -s -X POST "$INFERLINE_URL/v1/jobs" -H "Authorization: Bearer $INFERLINE_API_KEY" \\
                       -H 'Content-Type: application/json' \\
                       -d '{"model":"sim-chat","input":{"prompt":"Hello, Inferline"}}'
                Poll it (use the id from the answer):
                  curl -s "$INFERLINE_URL/v1/jobs/<id>" -H "Authorization: Bearer $INFERLINE_API_KEY"

                Ctrl-C stops everything.
                """.formatted(url, millis, infrastructure.kafkaBootstrapServers(), infrastructure.postgresJdbcUrl(),
                infrastructure.pgBouncerRunning() ? " via PgBouncer " + infrastructure.pooledJdbcUrl() : " (no PgBouncer)",
                infrastructure.redisUri(), devEnv.toAbsolutePath().normalize());
    }
}
