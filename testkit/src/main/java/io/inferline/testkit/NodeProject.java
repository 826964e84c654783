package io.inferline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small Node.js project shipped as test resources (a package.json and scripts), installed with the machine's
 * npm into a work directory once, then run with the machine's node: how tests drive real clients (browsers
 * through Playwright, official SDKs) that only exist on npm.
 */
public final class NodeProject {

    /** What a script printed: stdout and stderr apart, and how it exited. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private final Path directory;

    private NodeProject(Path directory) {
        this.directory = directory;
    }

    /** Copies {@code files} from the classpath folder {@code resources} to {@code directory} and installs them. */
    public static NodeProject install(String resources, List<String> files, Path directory) {
        try {
            Files.createDirectories(directory);
            boolean changed = false;
            for (String file : files) {
                try (InputStream in = NodeProject.class.getResourceAsStream(resources + file)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no test resource " + resources + file);
                    }
                    byte[] content = in.readAllBytes();
                    Path target = directory.resolve(file);
                    changed |= file.equals("package.json") && !(Files.exists(target)
                            && Arrays.equals(Files.readAllBytes(target), content));
                    Files.write(target, content);
                }
            }
            if (changed || !Files.isDirectory(directory.resolve("node_modules"))) {
                Path npm = Binaries.require("npm", "npm", "/usr/bin/npm");
                var result = run(directory, List.of(npm.toString(), "install", "--no-audit", "--no-fund",
                        "--loglevel=error"), Map.of(), Duration.ofMinutes(5));
                if (result.exitCode() != 0) {
                    throw new IllegalStateException("npm install in " + directory + " failed:\n" + result.stdout()
                            + result.stderr());
                }
            }
            return new NodeProject(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code script} with node, the given environment added, killed after {@code timeout}. */
    public Run node(String script, Map<String, String> environment, Duration timeout) {
        Path node = Binaries.require("node", "nodejs", "/usr/bin/node");
        return run(directory, List.of(node.toString(), script), environment, timeout);
    }

    private static Run run(Path directory, List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path stdout = Files.createTempFile("node-out", ".txt");
            Path stderr = Files.createTempFile("node-err", ".txt");
            var builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            var run = new Run(process.isAlive() ? -1 : process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
