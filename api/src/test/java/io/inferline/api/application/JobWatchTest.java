package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * How often a long-poll reads the job: once per change that may have ended it. The store and the change feed are
 * stand-ins that count reads and deliver changes; one executor thread runs the checks, so a no-op queued after a
 * change has run once the change's checks have.
 */
class JobWatchTest {

    private static final String TENANT = "tenant-w";
    private final Caller caller = new Caller(TENANT, "key-1", Set.of("jobs:read"));
    private final UUID id = UUID.randomUUID();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile JobStatus stored = JobStatus.QUEUED;
    private Consumer<JobUpdates.Change> changes;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final JobWatch watch = new JobWatch(service(), new JobUpdates() {
        @Override
        public void publish(Change change) {
            changes.accept(change);
        }

        @Override
        public void subscribe(Consumer<Change> listener) {
            changes = listener;
        }
    }, new JobOutputRelay() {
        @Override
        public void publish(JobOutput output) {
        }

        @Override
        public void subscribe(Consumer<JobOutput> listener) {
        }
    }, executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aLongPollWokenByAChangeToANonFinalStatusDoesNotReadTheJob() throws Exception {
        var answer = watch.awaitFinal(caller, id, Duration.ofSeconds(60));
        drain();
        int before = reads.get();

        stored = JobStatus.RUNNING;
        changes.accept(new JobUpdates.Change(id, TENANT, JobStatus.RUNNING));
        drain();
        assertEquals(before, reads.get(), "the running job was read");
        assertFalse(answer.isDone());

        stored = JobStatus.SUCCEEDED;
        changes.accept(new JobUpdates.Change(id, TENANT, JobStatus.SUCCEEDED));
        assertEquals(JobStatus.SUCCEEDED, answer.get().status());
        assertEquals(before + 1, reads.get());
    }

    @Test
    void aChangeThatDoesNotSayTheStatusIsReadAsBefore() throws Exception {
        var answer = watch.awaitFinal(caller, id, Duration.ofSeconds(60));
        drain();
        int before = reads.get();

        stored = JobStatus.RUNNING;
        changes.accept(new JobUpdates.Change(id, TENANT, null));
        drain();
        assertEquals(before + 1, reads.get());

        stored = JobStatus.FAILED;
        changes.accept(new JobUpdates.Change(id, TENANT, null));
        assertEquals(JobStatus.FAILED, answer.get().status());
    }

    @Test
    void anEventStreamStillReadsEveryChange() throws Exception {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<JobStatus>();
        watch.follow(caller, id, job -> seen.add(job.status()), piece -> {
        });
        drain();

        stored = JobStatus.RUNNING;
        changes.accept(new JobUpdates.Change(id, TENANT, JobStatus.RUNNING));
        drain();
        stored = JobStatus.SUCCEEDED;
        changes.accept(new JobUpdates.Change(id, TENANT, JobStatus.SUCCEEDED));
        drain();

        assertEquals(java.util.List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED), seen);
    }

    private void drain() throws Exception {
        executor.submit(() -> {
        }).get();
    }

    private JobService service() {
        JobStore store = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                new Class<?>[]{JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find") && args.length == 2 && args[0].equals(TENANT)
                            && args[1].equals(id)) {
                        reads.incrementAndGet();
                        return Optional.of(job(stored));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        JobStatusCache cache = new JobStatusCache() {
            @Override
            public Optional<Job> get(String tenantId, UUID jobId) {
                return Optional.empty();
            }

            @Override
            public void put(Job job) {
            }
        };
        return new JobService(null, store, cache, null, null, null, null, null, Clock.systemUTC());
    }

    private Job job(JobStatus status) {
        return new Job(id, TENANT, "sim-chat", "sim-chat", null, "sim", "simulator", null, Priority.NORMAL, status,
                Map.of("prompt", "hi"), null, null, null, Map.of(), 1, Instant.now(), null, null, null, null, null,
                null);
    }
}
