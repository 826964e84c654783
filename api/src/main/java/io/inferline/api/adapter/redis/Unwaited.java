package io.inferline.api.adapter.redis;

import org.slf4j.Logger;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Redis commands nobody waits for: a failure, whether the command could not be sent or Redis answered with an error,
 * is logged to the caller's logger and never thrown.
 */
final class Unwaited {

    private Unwaited() {
    }

    static void send(Logger log, String what, Supplier<? extends CompletionStage<?>> command) {
        try {
            command.get().whenComplete((ignored, e) -> {
                if (e != null) {
                    log.warn("could not {}: {}", what, e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("could not {}: {}", what, e.toString());
        }
    }
}
