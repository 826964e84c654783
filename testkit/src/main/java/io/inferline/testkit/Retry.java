package io.inferline.testkit;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting on a port that was free a moment ago can still clash; a new attempt picks new ports. */
final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
    private static final int ATTEMPTS = 3;

    private Retry() {
    }

    /** Runs the start attempt up to three times; each attempt must clean up after itself when it fails. */
    static <T> T withFreshPorts(String what, Supplier<T> attempt) {
        RuntimeException failure = null;
        for (int i = 1; i <= ATTEMPTS; i++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                if (i < ATTEMPTS) {
                    LOG.warn("Starting {} failed (attempt {} of {}), retrying on other ports: {}", what, i, ATTEMPTS,
                            e.getMessage());
                }
            }
        }
        throw failure;
    }
}
