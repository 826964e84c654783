package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * PromQL syntax through Prometheus' own grammar, @prometheus-io/lezer-promql, run by the machine's Node.js. The npm
 * packages are installed once into target/promql-parser (pinned versions); npm and node must be on the PATH.
 */
final class PromQl {

    /** Result for one expression: syntax error offsets (none = it parses) and the metric names it selects. */
    record Parsed(String expression, List<Integer> errorOffsets, List<String> metrics) {
        boolean parses() {
            return errorOffsets.isEmpty();
        }
    }

    private static final List<String> PACKAGES = List.of(
            "@prometheus-io/lezer-promql@0.315.0", "@lezer/lr@1.4.12", "@lezer/highlight@1.2.5");

    private PromQl() {
    }

    static List<Parsed> parse(List<String> expressions) {
        Path dir = Manifests.moduleDir().resolve("target/promql-parser");
        try {
            install(dir);
            Path script = dir.resolve("check.cjs");
            try (InputStream in = PromQl.class.getResourceAsStream("/promql/check.cjs")) {
                if (in == null) {
                    fail("test resource /promql/check.cjs is missing");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path input = dir.resolve("expressions.json");
            Manifests.JSON.writeValue(input.toFile(), expressions);
            Path output = dir.resolve("parsed.json");
            run(dir, output, "node", script.toString(), input.toString());
            JsonNode results = Manifests.JSON.readTree(output.toFile());
            List<Parsed> parsed = new ArrayList<>();
            for (int i = 0; i < expressions.size(); i++) {
                JsonNode r = results.get(i);
                List<Integer> errors = new ArrayList<>();
                r.path("errors").forEach(e -> errors.add(e.asInt()));
                List<String> metrics = new ArrayList<>();
                r.path("metrics").forEach(m -> metrics.add(m.asText()));
                parsed.add(new Parsed(expressions.get(i), errors, metrics));
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void install(Path dir) throws IOException {
        if (Files.isDirectory(dir.resolve("node_modules/@prometheus-io/lezer-promql"))) {
            return;
        }
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("npm", "install", "--prefix", dir.toString(), "--no-audit",
                "--no-fund", "--no-package-lock", "--loglevel=error"));
        command.addAll(PACKAGES);
        run(dir, dir.resolve("npm-install.log"), command.toArray(String[]::new));
    }

    private static void run(Path dir, Path output, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()))
                    .start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 180 s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(dir.resolve("stderr.log")));
            }
        } catch (IOException e) {
            fail("""
                    PromQL is checked with Node.js and the npm package @prometheus-io/lezer-promql, and running '%s' \
                    failed: %s. Install Node.js >= 18 with npm (Debian: apt-get install nodejs npm) and allow npm to \
                    reach its registry once; the packages are kept in target/promql-parser."""
                    .formatted(command[0], e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
