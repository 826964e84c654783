package io.inferline.backends.adapter.minilm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Queues inputs from concurrent callers and runs them in batches on a fixed number of threads. A dispatcher thread
 * waits until a worker is free, then takes the first queued input and everything else that arrives within
 * {@code maxWait}, up to {@code maxBatchSize}; inputs that queued up while every worker was busy all go into the next
 * batch at once. A caller that is interrupted or runs out of time takes its inputs back out of the queue.
 * {@link #close()} refuses new inputs and finishes every queued one before it returns.
 */
final class MicroBatcher<I, O> implements AutoCloseable {

    /** Computes one output per input, in input order. */
    @FunctionalInterface
    interface BatchFunction<I, O> {
        List<O> apply(List<I> inputs) throws Exception;
    }

    /** Batches run so far, the inputs they held and the largest one. */
    record Stats(long batches, long inputs, int largestBatch) {
    }

    private static final long IDLE_POLL_MILLIS = 100;

    private final BatchFunction<I, O> function;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final BlockingQueue<Item<I, O>> queue;
    private final Semaphore freeWorkers;
    private final ExecutorService workers;
    private final Thread dispatcher;
    private final IntConsumer batchSizes;
    private final Object submitLock = new Object();
    private volatile boolean closing;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicInteger largestBatch = new AtomicInteger();

    /**
     * @param batchSizes told the size of every batch that runs (for metrics)
     */
    MicroBatcher(String name, BatchFunction<I, O> function, int maxBatchSize, Duration maxWait, int threads,
                 int queueCapacity, IntConsumer batchSizes) {
        this.function = function;
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.freeWorkers = new Semaphore(threads);
        this.batchSizes = batchSizes;
        var workerNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads,
                task -> Thread.ofPlatform().daemon().name(name + "-worker-" + workerNumber.incrementAndGet()).unstarted(task));
        this.dispatcher = Thread.ofPlatform().daemon().name(name + "-dispatcher").start(this::dispatch);
    }

    /**
     * Queues the inputs and waits for their outputs (in input order).
     *
     * @param timeout how long to wait in all, null for no limit
     * @throws RejectedExecutionException the queue is full or the batcher is closing; nothing was queued
     * @throws ExecutionException the batch function failed
     * @throws TimeoutException the outputs were not ready in time; the inputs left the queue
     * @throws InterruptedException the caller was interrupted; the inputs left the queue
     */
    List<O> submitAll(List<I> values, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        var items = new ArrayList<Item<I, O>>(values.size());
        synchronized (submitLock) {
            if (closing) {
                throw new RejectedExecutionException("shutting down");
            }
            for (I value : values) {
                var item = new Item<I, O>(value);
                if (!queue.offer(item)) {
                    withdraw(items);
                    throw new RejectedExecutionException("the queue is full (" + queue.size() + " inputs waiting)");
                }
                items.add(item);
            }
        }
        try {
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            var outputs = new ArrayList<O>(items.size());
            for (var item : items) {
                outputs.add(timeout == null ? item.result.get()
                        : item.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return outputs;
        } catch (InterruptedException | TimeoutException | ExecutionException e) {
            withdraw(items);
            throw e;
        }
    }

    private void withdraw(List<Item<I, O>> items) {
        for (var item : items) {
            queue.remove(item);
            item.result.cancel(false);
        }
    }

    /** Inputs waiting for a batch. */
    int queued() {
        return queue.size();
    }

    Stats stats() {
        return new Stats(batches.get(), inputs.get(), largestBatch.get());
    }

    private void dispatch() {
        try {
            while (!closing || !queue.isEmpty()) {
                freeWorkers.acquire();
                List<Item<I, O>> batch = nextBatch();
                if (batch.isEmpty()) {
                    freeWorkers.release();
                } else {
                    workers.execute(() -> run(batch));
                }
            }
        } catch (InterruptedException e) {
            // close() gave up on draining: whatever is still queued fails below
        } finally {
            Item<I, O> left;
            while ((left = queue.poll()) != null) {
                left.result.completeExceptionally(new RejectedExecutionException("shutting down"));
            }
        }
    }

    /** The next batch: waits for its first input, then up to maxWait for more; empty once closing and drained. */
    private List<Item<I, O>> nextBatch() throws InterruptedException {
        Item<I, O> first = null;
        while (first == null) {
            first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (first == null && closing) {
                return List.of();
            }
        }
        var batch = new ArrayList<Item<I, O>>(maxBatchSize);
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatchSize) {
            long left = deadline - System.nanoTime();
            Item<I, O> next = left > 0 && !closing ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Item<I, O>> batch) {
        try {
            var live = batch.stream().filter(item -> !item.result.isDone()).toList();
            if (live.isEmpty()) {
                return;
            }
            record(live.size());
            try {
                List<O> outputs = function.apply(live.stream().map(item -> item.input).toList());
                for (int i = 0; i < live.size(); i++) {
                    live.get(i).result.complete(outputs.get(i));
                }
            } catch (Throwable e) {
                live.forEach(item -> item.result.completeExceptionally(e));
            }
        } finally {
            freeWorkers.release();
        }
    }

    private void record(int size) {
        batches.incrementAndGet();
        inputs.addAndGet(size);
        largestBatch.accumulateAndGet(size, Math::max);
        batchSizes.accept(size);
    }

    /**
     * Refuses new inputs, then runs every queued one (waiting up to {@code grace}) and stops the threads.
     *
     * @return whether every worker has stopped (false: a batch was still running when the grace ran out)
     */
    boolean close(Duration grace) throws InterruptedException {
        synchronized (submitLock) {
            closing = true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        if (!dispatcher.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
            dispatcher.interrupt();
            dispatcher.join();
        }
        workers.shutdown();
        if (workers.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return true;
        }
        workers.shutdownNow();
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(30));
    }

    private static final class Item<I, O> {
        final I input;
        final CompletableFuture<O> result = new CompletableFuture<>();

        Item(I input) {
            this.input = input;
        }
    }
}
