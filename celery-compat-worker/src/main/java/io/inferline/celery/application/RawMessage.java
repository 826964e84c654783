package io.inferline.celery.application;

import io.inferline.celery.domain.Transport;

import java.util.Map;

/**
 * A message as a transport delivered it, before it is read as a Celery task.
 *
 * @param queue      the queue it was consumed from
 * @param routingKey the routing key it was published with
 * @param headers    AMQP application headers (protocol 2 carries the task's fields there), as plain Java values
 * @param priority   the message priority property, or null
 */
public record RawMessage(Transport transport, String queue, String routingKey, Map<String, Object> headers,
                         String contentType, String contentEncoding, Integer priority, byte[] body) {
}
