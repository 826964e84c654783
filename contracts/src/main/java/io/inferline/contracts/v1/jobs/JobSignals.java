package io.inferline.contracts.v1.jobs;

import java.util.UUID;

/** Redis keys and channels through which the API tells workers that a job was canceled. */
public final class JobSignals {

    /** Channel on which the id of every canceled job is published, for workers running it right now. */
    public static final String CANCEL_CHANNEL = "inferline:jobs:cancel";

    private JobSignals() {
    }

    /** Key that exists while a canceled job's request may still reach a worker, which then must not start it. */
    public static String canceledKey(UUID jobId) {
        return "inferline:jobs:canceled:" + jobId;
    }
}
