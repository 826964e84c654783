package io.inferline.testkit;

/**
 * Run in a separate JVM by {@link CleanupIT}: starts Kafka and Redis, reports them, and exits through
 * System.exit (as the test runner does) without stopping them.
 */
public final class ExitHookProbe {
    private ExitHookProbe() {
    }

    public static void main(String[] args) {
        KafkaBroker kafka = KafkaBroker.start();
        RedisServer redis = RedisServer.startStandalone();
        System.out.println("pid=" + redis.pid());
        System.out.println("dir=" + redis.directory());
        System.out.println("kafka=" + kafka.logDirectory());
        System.out.flush();
        System.exit(0);
    }
}
