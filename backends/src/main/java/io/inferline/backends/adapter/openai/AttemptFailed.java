package io.inferline.backends.adapter.openai;

import io.inferline.backends.domain.BackendException;

/**
 * One HTTP attempt failed: the error the call ends with if it is not retried, whether another attempt may help,
 * whether it speaks against the endpoint's health (for its circuit), and the upstream's {@code Retry-After}.
 */
final class AttemptFailed extends Exception {

    private final BackendException error;
    private final boolean retryable;
    private final boolean endpointFault;
    private final String retryAfter;

    AttemptFailed(BackendException error, boolean retryable, boolean endpointFault, String retryAfter) {
        super(error.getMessage(), null, false, false);
        this.error = error;
        this.retryable = retryable;
        this.endpointFault = endpointFault;
        this.retryAfter = retryAfter;
    }

    BackendException error() {
        return error;
    }

    boolean retryable() {
        return retryable;
    }

    boolean endpointFault() {
        return endpointFault;
    }

    String retryAfter() {
        return retryAfter;
    }
}
