package io.inferline.api.application.sync;

import io.inferline.api.domain.ModelRoute;
import io.inferline.backends.domain.BackendResult;

import java.util.List;

/** How a synchronous call ended: the route that served it, its answer, and the versions that failed before it. */
public record SyncOutcome(ModelRoute servedBy, BackendResult result, List<String> failedOver) {

    public SyncOutcome {
        failedOver = List.copyOf(failedOver);
    }
}
