package io.inferline.contracts.v1.events;

/**
 * Every Kafka topic Inferline uses, declared once. Job requests travel on one topic per worker pool so each
 * pool's consumer group (and its KEDA scaler) sees only its own lag.
 */
public final class Topics {

    /** State changes of every job, keyed by job id; consumed by the API (status, long-poll, webhooks). */
    public static final String JOB_EVENTS = "inferline.job-events.v1";

    /** Job requests a worker could not process at all, with the reason in the record headers. */
    public static final String JOB_DEAD_LETTERS = "inferline.jobs.dead-letter.v1";

    /** Job events the API could not apply after its retries. */
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
        return "inferline-inference-" + pool;
    }

    /** Whether {@code topic} carries job requests of {@code pool} (in any priority lane). */
    public static boolean carriesJobRequestsOf(String topic, String pool) {
        return topic.startsWith(JOB_REQUESTS_PREFIX + pool + ".") && topic.endsWith(JOB_REQUESTS_SUFFIX)
                && !topic.equals(JOB_DEAD_LETTERS);
    }

    /** Topic that carries the job requests of one worker pool, e.g. {@code inferline.jobs.sim.v1}. */
    public static String jobRequests(String pool) {
        if (pool == null || !pool.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("pool names are lowercase letters, digits and '-': " + pool);
        }
        return JOB_REQUESTS_PREFIX + pool + JOB_REQUESTS_SUFFIX;
    }
}
