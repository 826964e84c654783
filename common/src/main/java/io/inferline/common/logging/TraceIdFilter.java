package io.inferline.common.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Map;

/**
 * Gives every request a trace id (the caller's {@code X-Trace-Id}, a {@code traceparent}'s trace id, or a new one),
 * puts it in the MDC of every log line written while the request is handled, and returns it in the response.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class TraceIdFilter implements Ordered {

    private static final String ATTRIBUTE = TraceIdFilter.class.getName();

    @RequestFilter
    public void assignTraceId(HttpRequest<?> request, MutablePropagatedContext context) {
        String traceId = TraceIds.choose(request.getHeaders().get(TraceIds.HEADER),
                request.getHeaders().get(TraceIds.TRACEPARENT));
        request.setAttribute(ATTRIBUTE, traceId);
        context.add(new MdcPropagationContext(Map.of(TraceIds.MDC_KEY, traceId)));
    }

    @ResponseFilter
    public void returnTraceId(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> response.header(TraceIds.HEADER, id));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
