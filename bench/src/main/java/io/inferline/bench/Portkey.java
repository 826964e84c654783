package io.inferline.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Portkey's open-source AI gateway ({@code @portkey-ai/gateway}, installed by {@code npm ci} in
 * {@code bench/peers/portkey}), run with the machine's {@code node} in headless mode on a free port.
 */
public final class Portkey implements AutoCloseable {

    private final Process process;
    private final int port;

    private Portkey(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The gateway, or null when it is not installed. */
    public static Portkey startIfInstalled(Path directory, Path workDir) throws IOException, InterruptedException {
        Path server = directory.resolve("node_modules/@portkey-ai/gateway/build/start-server.js");
        if (!Files.isRegularFile(server)) {
            return null;
        }
        int port = Platform.freePort();
        Process process = new ProcessBuilder("node", server.toString(), "--port=" + port, "--headless")
                .directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("portkey.log").toFile()).start();
        for (int attempt = 0; attempt < 150; attempt++) {
            try (var socket = new Socket("127.0.0.1", port)) {
                return new Portkey(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Portkey did not start; see " + workDir.resolve("portkey.log"));
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
