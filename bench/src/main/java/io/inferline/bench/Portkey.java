package io.inferline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Portkey's open-source AI gateway ({@code @portkey-ai/gateway}, installed by {@code npm ci} in
 * {@code bench/peers/portkey}), run with the machine's {@code node} in headless mode on a free port.
 */
final class Portkey {

    private Portkey() {
    }

    /** The gateway, or null when it is not installed. */
    static PeerProcess startIfInstalled(Path directory, Path workDir) throws IOException, InterruptedException {
        Path server = directory.resolve("node_modules/@portkey-ai/gateway/build/start-server.js");
        if (!Files.isRegularFile(server)) {
            return null;
        }
        int port = Platform.freePort();
        return PeerProcess.start("portkey", List.of("node", server.toString(), "--port=" + port, "--headless"),
                directory, port, workDir, Duration.ofSeconds(30));
    }
}
