package io.inferline.testkit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A throwaway RabbitMQ node run from Debian's rabbitmq-server scripts, with its own epmd on a free port so
 * that it neither clashes with nor registers in the machine's epmd, and with none of /etc/rabbitmq applied.
 */
public final class RabbitMqServer implements StoppableServer {
    static final String USER = "guest";
    static final String PASSWORD = "guest";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final byte[] AMQP_0_9_1_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    private final int port;
    private final TempDir directory;
    private final ChildProcess epmd;
    private final List<String> command;
    private final Map<String, String> environment;
    private ChildProcess server;

    private RabbitMqServer(int port, TempDir directory, ChildProcess epmd, List<String> command,
                           Map<String, String> environment, ChildProcess server) {
        this.port = port;
        this.directory = directory;
        this.epmd = epmd;
        this.command = command;
        this.environment = environment;
        this.server = server;
    }

    static RabbitMqServer startNode() {
        Path rabbitmqServer = Binaries.require("rabbitmq-server", "rabbitmq-server",
                "/usr/lib/rabbitmq/bin/rabbitmq-server");
        Path epmd = Binaries.require("epmd", "erlang-base", "/usr/bin/epmd");
        return Retry.withFreshPorts("RabbitMQ", () -> attempt(rabbitmqServer, epmd));
    }

    private static RabbitMqServer attempt(Path rabbitmqServer, Path epmdBinary) {
        TempDir directory = TempDir.create("rabbitmq");
        ChildProcess epmd = null;
        ChildProcess server = null;
        try {
            int epmdPort = Ports.freePort();
            int amqpPort = Ports.freePort();
            epmd = ChildProcess.start("epmd :" + epmdPort,
                    List.of(epmdBinary.toString(), "-port", Integer.toString(epmdPort), "-address", "127.0.0.1"),
                    Map.of(), directory.resolve("epmd.log"), ChildProcess.StopSignal.KILL);
            Await.until("epmd on port " + epmdPort, STARTUP_TIMEOUT, epmd, () -> Ports.acceptsConnections(epmdPort));

            List<String> command = List.of(rabbitmqServer.toString());
            Map<String, String> environment = environment(directory, amqpPort, epmdPort);
            server = launch(amqpPort, directory, command, environment);
            return new RabbitMqServer(amqpPort, directory, epmd, command, environment, server);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (epmd != null) {
                epmd.close();
            }
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    private static ChildProcess launch(int amqpPort, TempDir directory, List<String> command,
                                       Map<String, String> environment) {
        ChildProcess server = ChildProcess.start("rabbitmq-server :" + amqpPort, command, environment,
                directory.resolve("rabbitmq.log"), ChildProcess.StopSignal.KILL);
        try {
            Await.until("RabbitMQ on port " + amqpPort + " to answer the AMQP protocol header", STARTUP_TIMEOUT,
                    server, () -> answersConnectionStart(amqpPort));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Kills the node (its epmd stays); {@link #start()} starts it again on the same port with the same data. */
    @Override
    public synchronized void stop() {
        server.close();
    }

    @Override
    public synchronized void start() {
        if (server.isAlive()) {
            return;
        }
        server = launch(port, directory, command, environment);
    }

    private static Map<String, String> environment(TempDir directory, int amqpPort, int epmdPort) {
        Map<String, String> env = new HashMap<>();
        env.put("RABBITMQ_NODENAME", "inferline-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(Ports.freePort()));
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("RABBITMQ_MNESIA_BASE", directory.newDirectory("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", directory.newDirectory("log").toString());
        env.put("RABBITMQ_LOGS", "-"); // to standard output, i.e. our log file
        env.put("RABBITMQ_PID_FILE", directory.resolve("rabbitmq.pid").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", emptyFile(directory, "enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", emptyFile(directory, "rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", directory.resolve("advanced.config").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", emptyFile(directory, "rabbitmq-env.conf").toString());
        env.put("HOME", directory.newDirectory("home").toString()); // the Erlang cookie goes there
        return env;
    }

    private static Path emptyFile(TempDir directory, String name) {
        try {
            return Files.writeString(directory.resolve(name), "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + name, e);
        }
    }

    /** Whether the port answers the AMQP 0-9-1 protocol header with a Connection.Start method frame. */
    static boolean answersConnectionStart(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(AMQP_0_9_1_HEADER);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int frameType = in.readUnsignedByte();
            in.readUnsignedShort(); // channel
            in.readInt(); // payload size
            int classId = in.readUnsignedShort();
            int methodId = in.readUnsignedShort();
            return frameType == 1 && classId == 10 && methodId == 10;
        } catch (EOFException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    synchronized List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>(server.processTree());
        tree.addAll(epmd.processTree());
        return tree;
    }

    public RabbitMq toRabbitMq() {
        return new RabbitMq("127.0.0.1", port, USER, PASSWORD);
    }

    @Override
    public synchronized void close() {
        server.close();
        epmd.close();
        Cleanup.closeQuietly(directory);
    }

    @Override
    public String toString() {
        return "RabbitMQ on port " + port;
    }
}
