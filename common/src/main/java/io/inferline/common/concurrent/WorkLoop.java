package io.inferline.common.concurrent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A background thread that does one step of work after another: at once while a step says more is waiting,
 * otherwise after {@code idle} or as soon as {@link #wake()} is called. A failing step is logged and retried
 * with a growing pause (up to 5 s), so a database or broker outage does not spin.
 */
public final class WorkLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** One unit of work; returns whether more is waiting right now. */
    @FunctionalInterface
    public interface Step {
        boolean run() throws Exception;
    }

    private final String name;
    private final Duration idle;
    private final Step step;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running = true;
    private final Thread thread;

    private WorkLoop(String name, Duration idle, Step step) {
        this.name = name;
        this.idle = idle;
        this.step = step;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    public static WorkLoop start(String name, Duration idle, Step step) {
        var loop = new WorkLoop(name, idle, step);
        loop.thread.start();
        return loop;
    }

    public void wake() {
        wakeups.release();
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try {
                boolean more = step.run();
                backoff = 0;
                if (!more) {
                    wakeups.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                backoff = Math.min(Math.max(backoff * 2, 200), MAX_BACKOFF_MILLIS);
                LOG.warn("{} failed, retrying in {} ms: {}", name, backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
