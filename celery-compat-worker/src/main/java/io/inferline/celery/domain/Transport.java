package io.inferline.celery.domain;

/** The Celery broker transports this worker consumes. */
public enum Transport {
    /** AMQP 0-9-1 (RabbitMQ): message priority 0-255, larger is more urgent. */
    AMQP,
    /** kombu's Redis transport: message priority 0-9, smaller is more urgent, 0 is also the default. */
    REDIS
}
