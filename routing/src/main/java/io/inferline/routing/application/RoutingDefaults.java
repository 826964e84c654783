package io.inferline.routing.application;

import io.inferline.routing.domain.CircuitView;
import io.inferline.routing.domain.PoolLoad;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/**
 * What a router assumes where nothing better is wired: every circuit closed (a service without Redis), and pool
 * lag unmeasured. NOT DONE: a PoolLoad that reads the worker pools' consumer lag (Kafka admin offsets of
 * {@code inferline-inference-<pool>}); until it exists the least-lag choice always takes a version's primary pool.
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
