package io.inferline.manifests;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Collects every violation of a check so one run reports all of them, not only the first. */
final class Findings {

    private final String check;
    private final List<String> problems = new ArrayList<>();

    Findings(String check) {
        this.check = check;
    }

    void require(boolean condition, String problem, Object... args) {
        if (!condition) {
            add(problem, args);
        }
    }

    void add(String problem, Object... args) {
        problems.add(args.length == 0 ? problem : problem.formatted(args));
    }

    void assertNone() {
        if (!problems.isEmpty()) {
            fail(check + ": " + problems.size() + " problem(s)\n  - " + String.join("\n  - ", problems));
        }
    }
}
