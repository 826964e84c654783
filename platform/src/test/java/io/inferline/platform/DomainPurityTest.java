package io.inferline.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Domain packages hold the rules, not the plumbing: no HTTP, Kafka, JDBC or Redis types in them (Strimzi keeps
 * the same rule with import-control). Reads every module's sources from the reactor checkout.
 */
class DomainPurityTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import (io\\.micronaut\\.http|io\\.micronaut\\.configuration\\.kafka|org\\.apache\\.kafka|java\\.sql"
                    + "|javax\\.sql|io\\.micronaut\\.data|io\\.micronaut\\.transaction|io\\.lettuce)\\b.*", Pattern.MULTILINE);

    @Test
    void domainPackagesImportNoInfrastructure() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> domainSources;
        try (Stream<Path> files = Files.walk(root, 12)) {
            domainSources = files.filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> p.getParent().getFileName().toString().equals("domain"))
                    .filter(p -> p.toString().endsWith(".java"))
                    .toList();
        }
        assertFalse(domainSources.isEmpty(), "no domain sources found under " + root);

        List<String> violations = domainSources.stream()
                .flatMap(p -> FORBIDDEN.matcher(read(p)).results().map(m -> root.relativize(p) + ": " + m.group()))
                .toList();
        assertEquals(List.of(), violations);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
