package io.inferline.backends.adapter.minilm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue behind the minilm backend, with a batch function the test can hold: input "hold" blocks its batch until
 * the test releases it, so the next inputs are known to be waiting in the queue.
 */
class MiniLmMicroBatchingTest {

    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private MicroBatcher<String, String> batcher;

    private MicroBatcher<String, String> batcher(int maxBatchSize, int queueCapacity) {
        batcher = new MicroBatcher<>("test", inputs -> {
            seen.addAll(inputs);
            if (inputs.contains("hold")) {
                holding.countDown();
                release.await();
            }
            if (inputs.contains("fail")) {
                throw new IllegalStateException("the model broke");
            }
            return inputs.stream().map(String::toUpperCase).toList();
        }, maxBatchSize, Duration.ZERO, 1, queueCapacity, batchSizes::add);
        return batcher;
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        callers.shutdownNow();
        if (batcher != null) {
            batcher.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void inputsThatQueueWhileTheWorkerIsBusyRunAsOneBatchInOrder() throws Exception {
        var batcher = batcher(8, 100);
        var held = hold(batcher);
        var a = submit(batcher, List.of("a", "b"));
        var c = submit(batcher, List.of("c"));
        awaitTrue(() -> batcher.queued() == 3);

        release.countDown();

        assertEquals(List.of("HOLD"), held.get());
        assertEquals(List.of("A", "B"), a.get());
        assertEquals(List.of("C"), c.get());
        assertEquals(List.of(1, 3), batchSizes);
        assertEquals(new MicroBatcher.Stats(2, 4, 3), batcher.stats());
    }

    @Test
    void aBatchClosesAtMaxBatchSize() throws Exception {
        var batcher = batcher(2, 100);
        var held = hold(batcher);
        var rest = submit(batcher, List.of("a", "b", "c", "d", "e"));
        awaitTrue(() -> batcher.queued() == 5);

        release.countDown();

        assertEquals(List.of("A", "B", "C", "D", "E"), rest.get());
        held.get();
        assertEquals(List.of(1, 2, 2, 1), batchSizes);
    }

    @Test
    void anInterruptedCallerLeavesTheQueue() throws Exception {
        var batcher = batcher(8, 100);
        var held = hold(batcher);
        var caller = new Thread(() -> {
            try {
                batcher.submitAll(List.of("abandoned"), null);
            } catch (Exception e) {
                // expected: interrupted
            }
        });
        caller.start();
        awaitTrue(() -> batcher.queued() == 1);

        caller.interrupt();
        caller.join();

        assertEquals(0, batcher.queued());
        release.countDown();
        held.get();
        assertEquals(List.of("B"), batcher.submitAll(List.of("b"), null));
        assertFalse(seen.contains("abandoned"), "the model never saw the abandoned input: " + seen);
    }

    @Test
    void aCallerThatRunsOutOfTimeLeavesTheQueue() throws Exception {
        var batcher = batcher(8, 100);
        hold(batcher);

        assertThrows(TimeoutException.class, () -> batcher.submitAll(List.of("late"), Duration.ofMillis(50)));

        assertEquals(0, batcher.queued());
        release.countDown();
        assertEquals(List.of("B"), batcher.submitAll(List.of("b"), null));
        assertFalse(seen.contains("late"));
    }

    @Test
    void aFullQueueRefusesTheWholeCall() throws Exception {
        var batcher = batcher(8, 2);
        hold(batcher);

        assertThrows(RejectedExecutionException.class, () -> batcher.submitAll(List.of("a", "b", "c"), null));

        assertEquals(0, batcher.queued(), "none of the refused call's inputs stays queued");
    }

    @Test
    void closeRunsEveryQueuedInputThenRefusesNewOnes() throws Exception {
        var batcher = batcher(8, 100);
        var held = hold(batcher);
        var queued = submit(batcher, List.of("x", "y"));
        awaitTrue(() -> batcher.queued() == 2);

        var closing = callers.submit(() -> batcher.close(Duration.ofSeconds(30)));
        awaitTrue(() -> {
            try {
                batcher.submitAll(List.of("too late"), Duration.ofMillis(1));
                return false;
            } catch (RejectedExecutionException e) {
                return true;
            } catch (TimeoutException e) {
                return false; // queued before close began, and withdrawn again
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertFalse(closing.isDone(), "close waits for the queued inputs");
        release.countDown();

        assertTrue(closing.get(), "every worker stopped");
        assertEquals(List.of("HOLD"), held.get());
        assertEquals(List.of("X", "Y"), queued.get());
        assertFalse(seen.contains("too late"));
    }

    @Test
    void aFailingBatchFailsEveryCallerInIt() throws Exception {
        var batcher = batcher(8, 100);
        hold(batcher);
        var failing = submit(batcher, List.of("fail"));
        var neighbour = submit(batcher, List.of("ok"));
        awaitTrue(() -> batcher.queued() == 2);
        release.countDown();

        for (var call : List.of(failing, neighbour)) {
            var e = assertThrows(ExecutionException.class, call::get);
            assertInstanceOf(ExecutionException.class, e.getCause());
            assertEquals("the model broke", e.getCause().getCause().getMessage());
        }
        assertEquals(List.of("AFTER"), batcher.submitAll(List.of("after"), null));
    }

    /** Occupies the only worker with a batch that blocks until {@link #release}. */
    private Future<List<String>> hold(MicroBatcher<String, String> batcher) throws InterruptedException {
        var held = submit(batcher, List.of("hold"));
        holding.await();
        return held;
    }

    private Future<List<String>> submit(MicroBatcher<String, String> batcher, List<String> inputs) {
        return callers.submit(() -> batcher.submitAll(new ArrayList<>(inputs), null));
    }

    /** Waits for a state another thread brings about (no timing is asserted: the limit only stops a hang). */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for the condition");
            Thread.sleep(5);
        }
    }
}
