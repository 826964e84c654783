package io.inferline.backends.application;

import io.inferline.backends.domain.CircuitBreaker;
import io.inferline.backends.domain.CircuitBreaker.Transition;
import io.inferline.backends.domain.ServedVersion;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per backend endpoint, and the model versions seen calling it: when a circuit opens or closes,
 * the {@link CircuitPublisher} (when there is one) tells the routers for each of those versions.
 */
public final class EndpointCircuits {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointCircuits.class);

    private final CircuitBreaker.Settings settings;
    private final Clock clock;
    private final CircuitPublisher publisher;
    private final Map<String, Circuit> byEndpoint = new ConcurrentHashMap<>();

    public EndpointCircuits(CircuitBreaker.Settings settings, Clock clock, @Nullable CircuitPublisher publisher) {
        this.settings = settings;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** The circuit of {@code endpoint}, remembering that {@code version} (null: unknown) is served there. */
    public Circuit forEndpoint(String endpoint, @Nullable ServedVersion version) {
        Circuit circuit = byEndpoint.computeIfAbsent(endpoint, Circuit::new);
        if (version != null) {
            circuit.versions.add(version);
        }
        return circuit;
    }

    public final class Circuit {

        private final String endpoint;
        private final CircuitBreaker breaker;
        private final Set<ServedVersion> versions = ConcurrentHashMap.newKeySet();

        private Circuit(String endpoint) {
            this.endpoint = endpoint;
            this.breaker = new CircuitBreaker(settings, clock);
        }

        public boolean tryAcquire() {
            return breaker.tryAcquire();
        }

        public void succeeded() {
            if (breaker.onSuccess() == Transition.CLOSED) {
                LOG.info("circuit of {} closed: the probe succeeded", endpoint);
                if (publisher != null) {
                    publisher.closed(List.copyOf(versions));
                }
            }
        }

        public void failed() {
            if (breaker.onFailure() == Transition.OPENED) {
                Instant until = breaker.openUntil();
                LOG.warn("circuit of {} opened until {}: calls to it fail fast", endpoint, until);
                if (publisher != null) {
                    publisher.opened(List.copyOf(versions), until);
                }
            }
        }

        public void abandoned() {
            breaker.onAbandoned();
        }

        public Instant openUntil() {
            return breaker.openUntil();
        }

        public CircuitBreaker.State state() {
            return breaker.state();
        }
    }
}
