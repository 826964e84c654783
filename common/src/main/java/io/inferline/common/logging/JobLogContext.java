package io.inferline.common.logging;

import org.slf4j.MDC;

/**
 * The job a thread is working on, as {@value #MDC_KEY} in its log lines:
 * {@code try (var ignored = JobLogContext.of(jobId)) { ... }}. The previous value comes back on close, so nested
 * use (a batch, then each job) is safe.
 */
public final class JobLogContext implements AutoCloseable {

    public static final String MDC_KEY = "job_id";

    private final String previous;

    private JobLogContext(String previous) {
        this.previous = previous;
    }

    public static JobLogContext of(Object jobId) {
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, String.valueOf(jobId));
        return new JobLogContext(previous);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, previous);
        }
    }
}
