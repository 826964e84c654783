package io.inferline.inference.application;

import java.util.UUID;
import java.util.function.Consumer;

/** What the API says about canceled jobs. */
public interface CancellationSignals {

    /** Whether the job was canceled before this worker got to it. Unknown counts as not canceled. */
    boolean isCanceled(UUID jobId);

    /** Calls {@code listener} with the id of every job canceled from now on. */
    void subscribe(Consumer<UUID> listener);
}
