package io.inferline.celery.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One Celery task request, whichever protocol (1 or 2) and transport carried it.
 *
 * @param eta      run no earlier than this ({@code countdown} arrives as an eta); null: now
 * @param expires  do not start after this; null: never expires
 * @param retries  how often the task was retried before this request
 * @param priority the message priority as the transport carries it (see {@link Transport}); null if none
 * @param queue    the routing key it was published with, which {@code result_extended} reports as the queue
 * @param canvas   what of Celery's canvas the request asks for (callbacks, chain, chord), or null
 */
public record TaskMessage(String id, String name, List<Object> args, Map<String, Object> kwargs, int retries,
                          Instant eta, Instant expires, Integer priority, String group, String parentId,
                          boolean ignoreResult, int protocol, Transport transport, String queue, String canvas) {

    public TaskContext context() {
        return new TaskContext(id, name, args, kwargs, retries, queue, group, parentId, ignoreResult);
    }
}
