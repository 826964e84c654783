package io.inferline.common.logging;

import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import org.slf4j.MDC;

/** Passes the current trace id on to the Inferline service called, so one id follows a request across services. */
@ClientFilter(ClientFilter.MATCH_ALL_PATTERN)
public class TraceIdClientFilter {

    @RequestFilter
    public void forwardTraceId(MutableHttpRequest<?> request) {
        String traceId = MDC.get(TraceIds.MDC_KEY);
        if (traceId != null && !request.getHeaders().contains(TraceIds.HEADER)) {
            request.header(TraceIds.HEADER, traceId);
        }
    }
}
