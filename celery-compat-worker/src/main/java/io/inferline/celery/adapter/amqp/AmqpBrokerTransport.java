package io.inferline.celery.adapter.amqp;

import io.inferline.celery.application.BrokerTransport;
import io.inferline.celery.application.TaskIntake;
import io.inferline.celery.config.CeleryProperties;
import jakarta.inject.Singleton;

/** AMQP 0-9-1 brokers ({@code amqp://}, {@code amqps://}, {@code pyamqp://}). */
@Singleton
class AmqpBrokerTransport implements BrokerTransport {

    private final CeleryProperties properties;
    private final TaskIntake intake;

    AmqpBrokerTransport(CeleryProperties properties, TaskIntake intake) {
        this.properties = properties;
        this.intake = intake;
    }

    @Override
    public boolean accepts(String brokerUrl) {
        return AmqpUrl.accepts(brokerUrl);
    }

    @Override
    public AutoCloseable consume(String brokerUrl) {
        var transport = new AmqpTransport(AmqpUrl.parse(brokerUrl), properties.getQueues(),
                properties.getConcurrency(), intake);
        transport.start();
        return transport;
    }
}
