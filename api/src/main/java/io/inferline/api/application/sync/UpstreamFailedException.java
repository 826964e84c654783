package io.inferline.api.application.sync;

import io.inferline.backends.domain.BackendException;
import io.inferline.common.error.InferlineException;

/**
 * The backend that served a synchronous call failed it (after its own retries and any fallback): 504 when it timed
 * out, 503 when it could not be reached or its circuit is open, 429 when it rate-limited us, 400 when it refused the
 * request as invalid, else 502. The problem type is the backend's error type ({@code backend-error}, ...).
 */
public class UpstreamFailedException extends InferlineException {

    public UpstreamFailedException(BackendException cause) {
        super(status(cause.type()), cause.type().replace('_', '-'), "Backend failed", cause.getMessage());
        initCause(cause);
    }

    private static int status(String type) {
        return switch (type) {
            case "backend_timeout" -> 504;
            case "backend_unavailable" -> 503;
            case "backend_rate_limited" -> 429;
            case "backend_rejected" -> 400;
            default -> 502;
        };
    }
}
