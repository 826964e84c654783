package io.inferline.celery.application;

/** A Celery broker transport: consumes the configured queues of a broker and hands each message to the intake. */
public interface BrokerTransport {

    /** Whether this transport speaks the scheme of {@code brokerUrl}. */
    boolean accepts(String brokerUrl);

    /** Starts consuming (connecting in the background if the broker is not there yet); closing stops it. */
    AutoCloseable consume(String brokerUrl);
}
