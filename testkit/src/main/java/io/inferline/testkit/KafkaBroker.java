package io.inferline.testkit;

import java.nio.file.Path;
import java.util.Map;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One in-process KRaft node (broker and controller combined). Its log dirs are deleted on close. */
final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 0;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Path logDirectory;
    private boolean closed;

    private KafkaBroker(KafkaClusterTestKit cluster, String bootstrapServers, Path logDirectory) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.logDirectory = logDirectory;
    }

    static KafkaBroker start() {
        TestKitNodes nodes = buildNodes();
        // Registered before the broker, so the broker stops before its log dirs are deleted.
        TempDir logDirectories = TempDir.adopt(Path.of(nodes.baseDirectory()));
        KafkaClusterTestKit cluster = null;
        try {
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "3")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("log.cleaner.dedupe.buffer.size", "2097152")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            int port = cluster.brokers().get(NODE_ID).boundPort(nodes.externalListenerName());
            return Cleanup.onExit(new KafkaBroker(cluster, "127.0.0.1:" + port, logDirectories.path()));
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster);
            }
            Cleanup.closeQuietly(logDirectories);
            throw new IllegalStateException("Cannot start the in-process Kafka broker: " + e, e);
        }
    }

    /**
     * TestKitNodes registers a JVM shutdown hook that deletes its base directory. Run concurrently with our
     * cleanup, it fails the broker's metadata log dir mid-shutdown and Kafka halts the JVM (exit code 1,
     * skipping the remaining cleanup), so that hook is suppressed and {@link Cleanup} deletes the directory.
     */
    private static TestKitNodes buildNodes() {
        TestKitNodes.Builder builder = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setPerServerProperties(Map.of(NODE_ID,
                        Map.of("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0")));
        synchronized (Exit.class) {
            Exit.setShutdownHookAdder((name, hook) -> { });
            try {
                return builder.build();
            } finally {
                Exit.resetShutdownHookAdder();
            }
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Path logDirectory() {
        return logDirectory;
    }

    /** KafkaClusterTestKit.close() must not run twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cleanup.forget(this);
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Could not stop the Kafka broker", e);
        }
    }

    @Override
    public String toString() {
        return "Kafka broker at " + bootstrapServers;
    }
}
