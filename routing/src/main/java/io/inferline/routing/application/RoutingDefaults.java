package io.inferline.routing.application;

import io.inferline.routing.domain.CircuitView;
import io.inferline.routing.domain.PoolLoad;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/**
 * What a router assumes where nothing better is wired: every circuit closed (a service without Redis), and pool
 * lag unmeasured (a process without Kafka; with Kafka, {@code KafkaPoolLoad} measures it).
 */
@Factory
class RoutingDefaults {

    @Singleton
    @Secondary
    CircuitView allClosed() {
        return CircuitView.ALL_CLOSED;
    }

    @Singleton
    @Secondary
    PoolLoad unmeasured() {
        return PoolLoad.UNMEASURED;
    }
}
