package io.inferline.api.adapter.webhook;

import io.inferline.api.config.WebhookProperties;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsrfGuardTest {

    @Test
    void internalAddressesAreRefusedUnlessAllowed() {
        var guard = guard(List.of());
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://127.0.0.1:8080/",
                "http://localhost:8080/hook", "http://192.168.1.10/", "http://172.16.0.1/", "http://100.64.0.1/",
                "http://[::1]/", "http://[fd00::1]/", "http://0.0.0.0/")) {
            assertTrue(guard.refusal(url).isPresent(), url + " must be refused");
        }
        assertTrue(guard.refusal("ftp://93.184.216.34/").isPresent(), "only http and https");
        assertFalse(guard.refusal("https://93.184.216.34/hook").isPresent(), "a public address is fine");
    }

    @Test
    void anAllowedNetworkOpensOnlyItself() {
        var guard = guard(List.of("127.0.0.1/32"));
        assertFalse(guard.refusal("http://127.0.0.1:9000/hook").isPresent());
        assertFalse(guard.refusal("http://localhost:9000/hook").isPresent(), "localhost resolves into the allowed network");
        assertTrue(guard.refusal("http://169.254.169.254/").isPresent());
        assertTrue(guard.refusal("http://10.0.0.1/").isPresent());
    }

    private static SsrfGuard guard(List<String> allowed) {
        var properties = new WebhookProperties();
        properties.setAllowedNetworks(allowed);
        return new SsrfGuard(properties);
    }
}
