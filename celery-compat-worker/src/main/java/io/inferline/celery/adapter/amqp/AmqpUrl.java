package io.inferline.celery.adapter.amqp;

import com.rabbitmq.client.ConnectionFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * A broker URL as Celery (kombu) reads it: {@code amqp://user:password@host:port/vhost}, where the path after the
 * first slash is the virtual host, so {@code amqp://host//} is {@code /}, and no path or an empty one is the default
 * {@code /} too. {@code pyamqp://} is the same; {@code amqps://} uses TLS (port 5671 unless given).
 */
record AmqpUrl(boolean tls, String host, int port, String user, String password, String virtualHost) {

    static boolean accepts(String url) {
        String scheme = URI.create(url.strip()).getScheme();
        return scheme != null && switch (scheme.toLowerCase()) {
            case "amqp", "amqps", "pyamqp", "librabbitmq" -> true;
            default -> false;
        };
    }

    static AmqpUrl parse(String url) {
        URI uri = URI.create(url.strip());
        boolean tls = "amqps".equalsIgnoreCase(uri.getScheme());
        String user = "guest";
        String password = "guest";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String vhost = path.length() <= 1 ? "/" : decode(path.substring(1));
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 5671 : 5672;
        return new AmqpUrl(tls, uri.getHost() == null ? "localhost" : uri.getHost(), port, user, password, vhost);
    }

    ConnectionFactory connectionFactory() {
        var factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        if (tls) {
            try {
                factory.useSslProtocol();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS for " + this, e);
            }
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(2000);
        factory.setRequestedHeartbeat(30);
        return factory;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (tls ? "amqps" : "amqp") + "://" + user + "@" + host + ":" + port + "/" + virtualHost;
    }
}
