package io.inferline.api.application;

import java.util.UUID;

/** Tells the workers a job was canceled: a queued one must not start, a running one must be aborted. */
public interface JobCancellations {

    void cancel(UUID jobId);
}
