package io.inferline.api.adapter.webhook;

import io.inferline.api.application.webhooks.WebhookUrlPolicy;
import io.inferline.api.config.WebhookProperties;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Keeps webhooks off the platform's own network: a URL is refused when its host resolves to any loopback,
 * private, shared (CGNAT), link-local (which holds cloud metadata at 169.254.169.254), unique-local, multicast or
 * unspecified address, unless that address is in an allowed network. The sender checks again right before each
 * request, and the JVM's DNS cache then hands the HTTP client the very addresses checked, so a name that changes
 * its answer between check and use (DNS rebinding) cannot slip through.
 */
@Singleton
class SsrfGuard implements WebhookUrlPolicy {

    private final List<Network> allowed;

    SsrfGuard(WebhookProperties properties) {
        this.allowed = properties.getAllowedNetworks().stream().map(Network::parse).toList();
    }

    @Override
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a URL");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            return Optional.of("must be an absolute http or https URL");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            // nothing to connect to, so nothing to guard: the attempt fails on its own and is retried
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && allowed.stream().noneMatch(n -> n.contains(address))) {
                return Optional.of("host " + uri.getHost() + " resolves to the internal address "
                        + address.getHostAddress() + ", which webhooks may not reach");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xFF;
            int second = bytes[1] & 0xFF;
            return (first == 100 && second >= 64 && second <= 127) // shared address space, RFC 6598
                    || first == 0 || first >= 240;
        }
        return address instanceof Inet6Address && (bytes[0] & 0xFE) == 0xFC; // unique local, fc00::/7
    }

    /** An address range in CIDR notation. */
    private record Network(BigInteger base, int prefix, int bits) {

        static Network parse(String cidr) {
            String[] parts = cidr.strip().split("/");
            try {
                InetAddress address = InetAddress.getByName(parts[0]);
                int bits = address.getAddress().length * 8;
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
                return new Network(new BigInteger(1, address.getAddress()), prefix, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("inferline.webhooks.allowed-networks: not a network: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            if (address.getAddress().length * 8 != bits) {
                return false;
            }
            BigInteger value = new BigInteger(1, address.getAddress());
            return value.shiftRight(bits - prefix).equals(base.shiftRight(bits - prefix));
        }
    }
}
