package io.inferline.contracts.v1.events;

import io.inferline.contracts.v1.jobs.Priority;

import java.util.Arrays;
import java.util.List;

/**
 * Every Kafka topic Inferline uses, declared once. Job requests travel on topics of their worker pool, one per
 * priority lane, so each pool's consumer group (and its KEDA scaler) sees only its own lag.
 */
public final class Topics {

    /** State changes of every job, keyed by job id; consumed by the API (status, long-poll, webhooks). */
    public static final String JOB_EVENTS = "inferline.job-events.v1";

    /**
     * Pieces of streaming jobs' answers ({@link JobOutput}), keyed by job id; consumed by the API (event streams,
     * {@code job.output} webhooks). Transient: short retention, the final job event carries the whole answer.
     */
    public static final String JOB_OUTPUT = "inferline.job-output.v1";

    /** Job requests a worker could not process at all, with the reason in the record headers. */
    public static final String JOB_DEAD_LETTERS = "inferline.jobs.dead-letter.v1";

    /** Job events and job output the API could not decode or apply after its retries. */
    public static final String JOB_EVENT_DEAD_LETTERS = "inferline.job-events.dead-letter.v1";

    /**
     * The model registry (models, aliases, tenant policies), compacted: one record per entry, keyed by
     * {@code RegistryChange.key}, the latest value wins and a tombstone deletes. Every router rebuilds its local
     * cache from it at start and follows it from then on.
     */
    public static final String MODEL_REGISTRY = "inferline.model-registry.v1";

    /** Registry records a router could not decode. */
    public static final String MODEL_REGISTRY_DEAD_LETTERS = "inferline.model-registry.dead-letter.v1";

    private static final String JOB_REQUESTS_PREFIX = "inferline.jobs.";
    private static final String JOB_REQUESTS_SUFFIX = ".v1";

    private Topics() {
    }

    /** The consumer group of a worker pool's inference workers; its lag is the pool's queue length. */
    public static String workerGroup(String pool) {
        return "inferline-inference-" + requirePool(pool);
    }

    /** Whether {@code topic} carries job requests of {@code pool}, in any priority lane. */
    public static boolean carriesJobRequestsOf(String topic, String pool) {
        return validPool(pool) && jobRequestTopics(pool).contains(topic);
    }

    /**
     * Topic of one priority lane of a worker pool, e.g. {@code inferline.jobs.sim.high.v1}. The job's priority picks
     * the lane; the pool's workers drain {@code high} first without starving the others.
     */
    public static String jobRequests(String pool, Priority lane) {
        if (lane == null) {
            throw new IllegalArgumentException("a job request travels in a priority lane");
        }
        return JOB_REQUESTS_PREFIX + requirePool(pool) + "." + lane.wireName() + JOB_REQUESTS_SUFFIX;
    }

    /** Every request topic of a pool, one per priority lane, high first. */
    public static List<String> jobRequestTopics(String pool) {
        return Arrays.stream(Priority.values()).map(lane -> jobRequests(pool, lane)).toList();
    }

    /** The pool name itself, or an exception when no topic can carry it. */
    public static String requirePool(String pool) {
        if (!validPool(pool)) {
            throw new IllegalArgumentException("pool names are lowercase letters, digits and '-': " + pool);
        }
        return pool;
    }

    private static boolean validPool(String pool) {
        return pool != null && pool.matches("[a-z0-9][a-z0-9-]{0,62}");
    }
}
