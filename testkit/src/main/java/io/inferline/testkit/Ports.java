package io.inferline.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports. A port is never handed out twice in one JVM, so parallel starters cannot collide. */
final class Ports {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    // Below the kernel's ephemeral range (32768+), and low enough that the cluster bus port (port + 10000) is too.
    private static final int CLUSTER_PORT_MIN = 12000;
    private static final int CLUSTER_PORT_MAX = 22700;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    static synchronized int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot bind a loopback port", e);
            }
        }
        throw new IllegalStateException("No free loopback port found");
    }

    /** A free port below 32768 whose Redis cluster bus port (port + 10000) is free as well. */
    static synchronized int freeClusterPort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = random.nextInt(CLUSTER_PORT_MIN, CLUSTER_PORT_MAX);
            if (!HANDED_OUT.contains(port) && !HANDED_OUT.contains(port + 10000)
                    && isFree(port) && isFree(port + 10000)) {
                HANDED_OUT.add(port);
                HANDED_OUT.add(port + 10000);
                return port;
            }
        }
        throw new IllegalStateException("No free port pair (p, p+10000) below 32768 found");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            // Redis and RabbitMQ bind the wildcard address for some sockets, so check that too.
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
