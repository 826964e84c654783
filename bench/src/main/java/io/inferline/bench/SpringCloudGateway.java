package io.inferline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bare Spring Cloud Gateway route ({@code bench/peers/spring-cloud-gateway}, built by bench/run.sh into
 * {@code target/scg-peer.jar}): {@code /v1/chat/completions} forwarded to the upstream, no other filter. It runs in a
 * child JVM of the driver's JDK with the JVM's defaults, as the platform does.
 */
final class SpringCloudGateway {

    private SpringCloudGateway() {
    }

    /** The gateway in front of {@code upstreamBaseUrl}, or null when it is not built. */
    static PeerProcess startIfBuilt(Path directory, String upstreamBaseUrl, Path workDir) throws IOException,
            InterruptedException {
        Path jar = directory.resolve("target/scg-peer.jar");
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        int port = Platform.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--bench.upstream=" + upstreamBaseUrl));
        return PeerProcess.start("spring-cloud-gateway", command, directory, port, workDir, Duration.ofMinutes(2));
    }
}
