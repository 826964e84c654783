package io.inferline.manifests;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finds the kubectl that renders the kustomizations: {@code $KUBECTL}, /usr/bin/kubectl, then the PATH. A
 * kustomize v5 (kubectl >= 1.27) is needed: Debian's kubernetes-client (1.20) is too old for Components' patches.
 */
final class Kubectl {

    private static volatile String path;

    private Kubectl() {
    }

    static String path() {
        String found = path;
        if (found == null) {
            found = find();
            path = found;
        }
        return found;
    }

    private static String find() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/usr/bin/kubectl"));
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String entry : pathVariable.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                candidates.add(Path.of(entry, "kubectl"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("""
                kubectl is needed to render the kustomizations (kubectl kustomize, offline) and none was found \
                ($KUBECTL, /usr/bin/kubectl, PATH). Install kubectl >= 1.27 (kustomize v5) from \
                https://kubernetes.io/docs/tasks/tools/ or set KUBECTL=/path/to/kubectl. Debian's kubernetes-client \
                package (1.20) is too old.""");
    }
}
