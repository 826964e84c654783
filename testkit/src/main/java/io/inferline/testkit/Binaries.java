package io.inferline.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the machine's server binaries; a missing one names the Debian package that provides it. */
public final class Binaries {
    private Binaries() {
    }

    public static Path require(String name, String debianPackage, String... knownLocations) {
        return find(name, knownLocations).orElseThrow(() -> new IllegalStateException(
                name + " not found: apt-get install " + debianPackage));
    }

    static Optional<Path> find(String name, String... knownLocations) {
        for (String location : knownLocations) {
            Path candidate = Path.of(location);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
