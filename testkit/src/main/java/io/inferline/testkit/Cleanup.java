package io.inferline.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes everything the testkit started, newest first, when the JVM exits. */
final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);
    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();
    private static boolean hookInstalled;

    private Cleanup() {
    }

    static synchronized <T extends AutoCloseable> T onExit(T resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "inferline-testkit-cleanup"));
            hookInstalled = true;
        }
        OPEN.push(resource);
        return resource;
    }

    /** Called by a resource that was closed before exit. */
    static synchronized void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        AutoCloseable next;
        while ((next = pop()) != null) {
            closeQuietly(next);
        }
    }

    private static synchronized AutoCloseable pop() {
        return OPEN.poll();
    }

    static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Could not stop {}", resource, e);
        }
    }
}
