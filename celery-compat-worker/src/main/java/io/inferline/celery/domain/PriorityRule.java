package io.inferline.celery.domain;

import io.inferline.contracts.v1.jobs.Priority;

/**
 * Turns a Celery message priority into an Inferline priority. The two transports count in opposite directions
 * and both send 0 when the caller set nothing, so 0 is {@code normal} on both: on AMQP a priority of at least
 * {@code amqpHighFrom} is {@code high}; on Redis one of at least {@code redisLowFrom} is {@code low}.
 */
public record PriorityRule(int amqpHighFrom, int redisLowFrom) {

    public static final PriorityRule DEFAULT = new PriorityRule(5, 5);

    public Priority of(Transport transport, Integer messagePriority) {
        if (messagePriority == null) {
            return Priority.NORMAL;
        }
        return switch (transport) {
            case AMQP -> messagePriority >= amqpHighFrom ? Priority.HIGH : Priority.NORMAL;
            case REDIS -> messagePriority >= redisLowFrom ? Priority.LOW : Priority.NORMAL;
        };
    }
}
