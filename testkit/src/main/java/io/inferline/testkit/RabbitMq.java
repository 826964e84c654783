package io.inferline.testkit;

/** A running RabbitMQ node; the default virtual host {@code /} exists. */
public record RabbitMq(String host, int port, String user, String password) {
    /** {@code amqp://USER:PASSWORD@HOST:PORT}, i.e. the default virtual host. */
    public String amqpUri() {
        return "amqp://" + user + ":" + password + "@" + host + ":" + port;
    }
}
