package io.inferline.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A peer HTTP server run as a child process on a port of its own, so its CPU can be read apart from the driver's. */
public final class PeerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private PeerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code command}, which listens on {@code port}, and waits until the port accepts connections. */
    static PeerProcess start(String name, List<String> command, Path directory, int port, Path workDir,
                             Duration timeout) throws IOException, InterruptedException {
        Path log = workDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try (var socket = new Socket("127.0.0.1", port)) {
                return new PeerProcess(process, port);
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start; see " + log);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        process.destroyForcibly();
    }
}
