package io.inferline.common.logging;

import io.micronaut.core.annotation.Nullable;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Trace ids as Inferline logs them ({@value #MDC_KEY} in every log line of a request) and passes them on
 * ({@value #HEADER}). A caller's id is kept when it is a plain token; otherwise the trace id of a W3C
 * {@code traceparent} (what the Istio sidecars send) is used, or a new one is made.
 */
public final class TraceIds {

    public static final String HEADER = "X-Trace-Id";
    public static final String TRACEPARENT = "traceparent";
    public static final String MDC_KEY = "trace_id";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceIds() {
    }

    public static String choose(@Nullable String traceIdHeader, @Nullable String traceparent) {
        if (traceIdHeader != null && TOKEN.matcher(traceIdHeader).matches()) {
            return traceIdHeader;
        }
        if (traceparent != null) {
            var w3c = W3C.matcher(traceparent.strip());
            if (w3c.matches()) {
                return w3c.group(1);
            }
        }
        return newId();
    }

    static String newId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
