package io.inferline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InfrastructureIT {
    private final Infrastructure infrastructure = Infrastructure.shared();

    @Test
    void sharedInstanceIsStartedOncePerJvm() {
        assertTrue(Infrastructure.shared() == infrastructure);
    }

    @Test
    void kafkaTopicCanBeCreatedProducedToAndConsumedFrom() throws Exception {
        String bootstrap = infrastructure.kafkaBootstrapServers();
        assertTrue(bootstrap.matches("127\\.0\\.0\\.1:\\d+"), bootstrap);
        String topic = "testkit-" + UUID.randomUUID();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            assertTrue(admin.listTopics().names().get().contains(topic));
        }

        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            sent = producer.send(new ProducerRecord<>(topic, "key-1", "hello kafka")).get();
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertEquals(1, received.size());
            assertEquals("key-1", received.get(0).key());
            assertEquals("hello kafka", received.get(0).value());
            assertEquals(sent.partition(), received.get(0).partition());
        }
    }

    @Test
    void pgBouncerRunsWhenInstalled() {
        if (Files.isExecutable(Path.of("/usr/sbin/pgbouncer"))) {
            assertTrue(infrastructure.pgBouncerRunning());
            assertNotEquals(infrastructure.postgresJdbcUrl(), infrastructure.pooledJdbcUrl());
            assertTrue(infrastructure.pooledJdbcUrl().endsWith("/inferline?prepareThreshold=0"),
                    infrastructure.pooledJdbcUrl());
        }
    }

    /** Reused prepared statements on concurrent connections: what breaks under PgBouncer without prepareThreshold=0. */
    @Test
    void concurrentPooledStatementsEachGetTheirOwnAnswer() throws Exception {
        int threads = 8;
        int statementsPerThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int correct = 0;
                    try (Connection connection = connect(infrastructure.pooledJdbcUrl());
                         PreparedStatement select = connection.prepareStatement("SELECT ?::int AS answer")) {
                        for (int i = 0; i < statementsPerThread; i++) {
                            int parameter = thread * 1000 + i;
                            select.setInt(1, parameter);
                            try (ResultSet rs = select.executeQuery()) {
                                assertTrue(rs.next());
                                assertEquals(parameter, rs.getInt("answer"));
                                correct++;
                            }
                        }
                    }
                    return correct;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(statementsPerThread, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tablesCreatedDirectlyAreVisibleThroughThePool() throws Exception {
        String table = "testkit_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection direct = connect(infrastructure.postgresJdbcUrl());
             Statement statement = direct.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO " + table + " VALUES (1, 'direct')");
        }
        try (Connection pooled = connect(infrastructure.pooledJdbcUrl());
             Statement statement = pooled.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name, current_database() FROM " + table + " WHERE id = 1")) {
            assertTrue(rs.next());
            assertEquals("direct", rs.getString(1));
            assertEquals("inferline", rs.getString(2));
        }
    }

    @Test
    void redisAnswersSetAndGet() {
        RedisClient client = RedisClient.create(infrastructure.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String key = "testkit:" + UUID.randomUUID();
            assertEquals("OK", connection.sync().set(key, "value"));
            assertEquals("value", connection.sync().get(key));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redisClusterSpreadsKeysOverItsMasters() throws Exception {
        RedisCluster cluster = infrastructure.redisCluster();
        assertEquals(6, cluster.nodes().size());
        assertEquals(6, cluster.uris().size());
        for (String node : cluster.nodes()) {
            int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
            assertTrue(port < 32768, node);
            try (RespConnection connection = RespConnection.open(port)) {
                String info = (String) connection.call("CLUSTER", "INFO");
                assertTrue(info.contains("cluster_state:ok"), info);
            }
        }

        RedisClusterClient client = RedisClusterClient.create(cluster.uri());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> commands = connection.sync();
            long masters = connection.getPartitions().stream()
                    .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM)).count();
            assertEquals(3, masters);
            Set<String> ownersUsed = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                String key = "testkit-key-" + i;
                assertEquals("OK", commands.set(key, "value-" + i));
                ownersUsed.add(connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getNodeId());
            }
            for (int i = 0; i < 30; i++) {
                assertEquals("value-" + i, commands.get("testkit-key-" + i));
            }
            assertEquals(3, ownersUsed.size(), "keys should land on all three masters");
        } finally {
            client.shutdown();
        }
        assertEquals(cluster, infrastructure.redisCluster(), "the cluster is started once");
    }

    @Test
    void rabbitMqAnswersTheAmqpProtocolHeaderWithConnectionStart() throws Exception {
        RabbitMq rabbitMq = infrastructure.rabbitMq();
        assertEquals("amqp://guest:guest@127.0.0.1:" + rabbitMq.port(), rabbitMq.amqpUri());
        try (Socket socket = new Socket(rabbitMq.host(), rabbitMq.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(1, in.readUnsignedByte(), "frame type METHOD");
            assertEquals(0, in.readUnsignedShort(), "channel 0");
            in.readInt();
            assertEquals(10, in.readUnsignedShort(), "class Connection");
            assertEquals(10, in.readUnsignedShort(), "method Start");
        }
    }

    @Test
    void micronautPropertiesPointDatasourcesAtThePoolAndFlywayAtPostgres() {
        Map<String, Object> properties = infrastructure.micronautProperties("api", "inference");
        for (String name : List.of("api", "inference")) {
            assertEquals(infrastructure.pooledJdbcUrl(), properties.get("datasources." + name + ".url"));
            assertEquals("inferline", properties.get("datasources." + name + ".username"));
            assertEquals("inferline", properties.get("datasources." + name + ".password"));
            assertEquals("org.postgresql.Driver", properties.get("datasources." + name + ".driver-class-name"));
            assertEquals(infrastructure.postgresJdbcUrl(), properties.get("flyway.datasources." + name + ".url"));
            assertEquals("inferline", properties.get("flyway.datasources." + name + ".user"));
            assertEquals("inferline", properties.get("flyway.datasources." + name + ".password"));
        }
        assertEquals(infrastructure.kafkaBootstrapServers(), properties.get("kafka.bootstrap.servers"));
        assertEquals(infrastructure.redisUri(), properties.get("redis.uri"));
        properties.put("micronaut.server.port", -1); // mutable
    }

    private Connection connect(String url) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", infrastructure.databaseUser());
        properties.setProperty("password", infrastructure.databasePassword());
        return new org.postgresql.Driver().connect(url, properties);
    }
}
