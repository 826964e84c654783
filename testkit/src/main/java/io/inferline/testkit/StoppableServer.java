package io.inferline.testkit;

/**
 * A server a test can take away and bring back, to see how a service copes with the outage: {@link #stop()} ends the
 * process and keeps its port and files; {@link #start()} starts it again on the same port and returns once it
 * answers.
 */
public interface StoppableServer extends AutoCloseable {

    void stop();

    void start();

    @Override
    void close();
}
