package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Job;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches jobs for callers who wait: long-polls and event streams. Woken by {@link JobUpdates} (from whichever
 * replica applied a change), never by polling the database; each wake-up reads the job once.
 */
@Singleton
public class JobWatch {

    private final JobService jobs;
    private final ExecutorService executor;
    private final Map<UUID, Set<Runnable>> watchers = new ConcurrentHashMap<>();

    public JobWatch(JobService jobs, JobUpdates updates, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.jobs = jobs;
        this.executor = executor;
        updates.subscribe(this::changed);
    }

    /** Completes with the job as soon as it is final, or as it is when {@code wait} has passed. */
    public CompletableFuture<Job> awaitFinal(Caller caller, UUID id, Duration wait) {
        Job job = jobs.get(caller, id);
        if (job.status().isFinal() || wait.isZero()) {
            return CompletableFuture.completedFuture(job);
        }
        var result = new CompletableFuture<Job>();
        Runnable check = () -> {
            Job now = jobs.getFresh(caller, id);
            if (now.status().isFinal()) {
                result.complete(now);
            }
        };
        watch(id, check, result);
        return result.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApplyAsync(done -> done != null ? done : jobs.getFresh(caller, id), executor);
    }

    /**
     * Calls {@code onChange} with the job now and after every change until it is final (that one included);
     * returns what stops watching early (a client that went away).
     */
    public Runnable follow(Caller caller, UUID id, Consumer<Job> onChange) {
        var done = new CompletableFuture<Job>();
        Runnable check = () -> {
            Job now = jobs.getFresh(caller, id);
            onChange.accept(now);
            if (now.status().isFinal()) {
                done.complete(now);
            }
        };
        watch(id, check, done);
        return () -> done.complete(null);
    }

    /** Runs {@code check} now and on every change of the job, until {@code until} completes. */
    private void watch(UUID id, Runnable check, CompletableFuture<?> until) {
        Runnable serialized = serialized(check);
        watchers.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(serialized);
        until.whenComplete((job, failure) -> watchers.computeIfPresent(id, (key, set) -> {
            set.remove(serialized);
            return set.isEmpty() ? null : set;
        }));
        executor.execute(serialized);
    }

    private void changed(UUID id) {
        Set<Runnable> checks = watchers.get(id);
        if (checks != null) {
            checks.forEach(executor::execute);
        }
    }

    /** One check at a time per watcher, so a stream reports changes in order. */
    private static Runnable serialized(Runnable check) {
        return new Runnable() {
            @Override
            public synchronized void run() {
                check.run();
            }
        };
    }
}
