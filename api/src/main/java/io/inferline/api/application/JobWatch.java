package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Job;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * replica applied a change), never by polling the database; each wake-up reads the job once, except a long-poll's
 * when the change says the job is not final (the change that makes it final wakes it again, and a lost one is
 * covered by the read when the wait ends). Event streams also get the pieces of a streaming job's answer from
 * {@link JobOutputRelay}.
 */
@Singleton
public class JobWatch {

    private final JobService jobs;
    private final ExecutorService executor;
    /** Per job: what to run on its change, given the status the change reports (null: unknown). */
    private final Map<UUID, Set<Consumer<JobStatus>>> watchers = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<UUID>>> tenantWatchers = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Consumer<JobOutput>>> outputWatchers = new ConcurrentHashMap<>();

    public JobWatch(JobService jobs, JobUpdates updates, JobOutputRelay outputs,
                    @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.jobs = jobs;
        this.executor = executor;
        updates.subscribe(this::changed);
        outputs.subscribe(this::output);
    }

    /** Completes with the job as soon as it is final, or as it is when {@code wait} has passed. */
    public CompletableFuture<Job> awaitFinal(Caller caller, UUID id, Duration wait) {
        Job job = jobs.get(caller, id);
        if (job.status().isFinal() || wait.isZero()) {
            return CompletableFuture.completedFuture(job);
        }
        var result = new CompletableFuture<Job>();
        Consumer<JobStatus> check = reported -> {
            if (reported != null && !reported.isFinal()) {
                return;
            }
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
     * Calls {@code onChange} with the job now and after every change until it is final (that one included), and
     * {@code onOutput} with each piece of its answer in between (see {@link Feed}); returns what stops watching early
     * (a client that went away).
     */
    public Runnable follow(Caller caller, UUID id, Consumer<Job> onChange, Consumer<JobOutput> onOutput) {
        var done = new CompletableFuture<Job>();
        var feed = new Feed(onChange, onOutput);
        Consumer<JobStatus> check = reported -> {
            Job now = jobs.getFresh(caller, id);
            feed.job(now);
            if (now.status().isFinal()) {
                done.complete(now);
            }
        };
        Consumer<JobOutput> pieces = feed::output;
        Runnable stopPieces = register(outputWatchers, id, pieces);
        done.whenComplete((job, failure) -> stopPieces.run());
        watch(id, check, done);
        return () -> done.complete(null);
    }

    /**
     * Calls {@code onChange} with every job of the caller's tenant that is created or changes from now on (the
     * console's live list); returns what stops watching.
     */
    public Runnable followTenant(Caller caller, Consumer<Job> onChange) {
        Consumer<UUID> check = new Consumer<>() {
            @Override
            public synchronized void accept(UUID id) {
                Job now;
                try {
                    now = jobs.getFresh(caller, id);
                } catch (NotFoundException e) {
                    return;
                }
                onChange.accept(now);
            }
        };
        return register(tenantWatchers, caller.tenantId(), check);
    }

    /** Runs {@code check} now (status unknown) and on every change of the job, until {@code until} completes. */
    private void watch(UUID id, Consumer<JobStatus> check, CompletableFuture<?> until) {
        Consumer<JobStatus> serialized = serialized(check);
        Runnable stop = register(watchers, id, serialized);
        until.whenComplete((job, failure) -> stop.run());
        executor.execute(() -> serialized.accept(null));
    }

    private void changed(JobUpdates.Change change) {
        Set<Consumer<JobStatus>> checks = watchers.get(change.jobId());
        if (checks != null) {
            checks.forEach(check -> executor.execute(() -> check.accept(change.status())));
        }
        Set<Consumer<UUID>> tenantChecks = change.tenantId() == null ? null : tenantWatchers.get(change.tenantId());
        if (tenantChecks != null) {
            tenantChecks.forEach(check -> executor.execute(() -> check.accept(change.jobId())));
        }
    }

    /** Adds {@code watcher} under {@code key}; returns what removes it (and the key, once it has no watcher left). */
    private static <K, W> Runnable register(Map<K, Set<W>> registry, K key, W watcher) {
        registry.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(watcher);
        return () -> registry.computeIfPresent(key, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    private void output(JobOutput output) {
        Set<Consumer<JobOutput>> feeds = outputWatchers.get(output.jobId());
        if (feeds != null) {
            feeds.forEach(feed -> feed.accept(output));
        }
    }

    /**
     * One follower's view of a job: pieces of the answer go out only between {@code running} and the final state.
     * Pieces that arrive before the running state was read (they travel another way) wait for it, up to
     * {@link #MAX_WAITING}; pieces after the final state, and pieces already sent (a record consumed twice), are
     * dropped.
     */
    private static final class Feed {

        private static final int MAX_WAITING = 1024;

        private final Consumer<Job> onChange;
        private final Consumer<JobOutput> onOutput;
        private final List<JobOutput> waiting = new ArrayList<>();
        private JobStatus status;
        private int attempt;
        private long seq;

        Feed(Consumer<Job> onChange, Consumer<JobOutput> onOutput) {
            this.onChange = onChange;
            this.onOutput = onOutput;
        }

        synchronized void job(Job now) {
            onChange.accept(now);
            status = now.status();
            if (status == JobStatus.RUNNING) {
                waiting.forEach(this::send);
            }
            if (status == JobStatus.RUNNING || status.isFinal()) {
                waiting.clear();
            }
        }

        synchronized void output(JobOutput piece) {
            if (status == JobStatus.RUNNING) {
                send(piece);
            } else if ((status == null || !status.isFinal()) && waiting.size() < MAX_WAITING) {
                waiting.add(piece);
            }
        }

        private void send(JobOutput piece) {
            if (piece.attempt() > attempt || piece.attempt() == attempt && piece.seq() > seq) {
                attempt = piece.attempt();
                seq = piece.seq();
                onOutput.accept(piece);
            }
        }
    }

    /** One check at a time per watcher, so a stream reports changes in order. */
    private static Consumer<JobStatus> serialized(Consumer<JobStatus> check) {
        return new Consumer<>() {
            @Override
            public synchronized void accept(JobStatus reported) {
                check.accept(reported);
            }
        };
    }
}
