package io.inferline.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.inferline.access.AccessProperties;
import io.inferline.access.JwksTokenVerifier;
import io.inferline.access.VoidedTokens;
import io.inferline.auth.application.SigningKeyStore;
import io.inferline.auth.application.SigningKeys;
import io.inferline.auth.config.TokenProperties;
import io.inferline.common.error.UnauthorizedException;
import io.inferline.testkit.Infrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing-key rotation without downtime: the new key signs at once, the old one verifies its tokens for the
 * overlap (the access-token lifetime, 3 s here), then leaves the JWKS, and a token it signed is refused, by auth
 * and by a JWKS verifier as api and model-mgmt use it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningKeyRotationIT implements TestPropertyProvider {

    private static final String ADMIN_EMAIL = "rotating-admin-" + UUID.randomUUID() + "@example.test";
    private static final String ADMIN_PASSWORD = "rotating admin " + UUID.randomUUID();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    SigningKeyStore keys;

    @Inject
    EmbeddedServer server;

    @Inject
    VoidedTokens voided;

    @Override
    public Map<String, String> getProperties() {
        var properties = Infrastructure.shared().testProperties("auth");
        properties.put("inferline.auth.bootstrap.tenant", "rotation-" + UUID.randomUUID());
        properties.put("inferline.auth.bootstrap.admin-email", ADMIN_EMAIL);
        properties.put("inferline.auth.bootstrap.admin-password", ADMIN_PASSWORD);
        properties.put("inferline.auth.tokens.access-ttl", "3s");
        return properties;
    }

    @Test
    void aRotatedOutKeyVerifiesDuringTheOverlapAndIsRefusedAfter() throws Exception {
        var access = new AccessProperties();
        access.setJwksUrl(server.getURL() + "/.well-known/jwks.json");
        access.setJwksCacheTtl(Duration.ofMillis(500));
        access.setJwksRefreshMinInterval(Duration.ofMillis(100));
        var verifier = new JwksTokenVerifier(access, voided);

        String before = login();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        verifier.verify(before);
        // the old key as the database holds it: a token it signs that would still be valid for an hour
        ECKey oldKey = ECKey.parse(keys.published(Instant.now()).stream().filter(k -> k.kid().equals(oldKid))
                .findFirst().orElseThrow().privateJwk());
        String longLived = resign(before, oldKey, Instant.now().plusSeconds(3600));

        Map<?, ?> rotated = http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/signing-keys/rotate", "")
                .bearerAuth(before), Map.class);
        String newKid = (String) rotated.get("kid");
        assertNotEquals(oldKid, newKid);

        String after = login();
        assertEquals(newKid, SignedJWT.parse(after).getHeader().getKeyID(), "the new key signs at once");
        verifier.verify(after);
        String jwks = http.toBlocking().retrieve("/.well-known/jwks.json");
        assertTrue(jwks.contains(oldKid) && jwks.contains(newKid), jwks);
        assertEquals(HttpStatus.OK, users(longLived), "during the overlap the old key still verifies");
        verifier.verify(longLived);

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (http.toBlocking().retrieve("/.well-known/jwks.json").contains(oldKid)) {
            assertTrue(System.nanoTime() < deadline, "the old key leaves the JWKS after the overlap");
            Thread.sleep(200);
        }
        Thread.sleep(600); // the verifier's cache lives 500 ms

        assertEquals(HttpStatus.UNAUTHORIZED, users(longLived));
        assertThrows(UnauthorizedException.class, () -> verifier.verify(longLived));
        verifier.verify(login());
    }

    @Test
    void theSchedulerRotatesAKeyOlderThanTheRotationIntervalOnly() throws Exception {
        var properties = new TokenProperties();
        properties.setAccessTtl(Duration.ofSeconds(3));
        properties.setSigningKeyRotation(Duration.ofSeconds(1));
        var scheduled = new SigningKeys(keys, properties, Clock.systemUTC());
        scheduled.ensure();
        Thread.sleep(1_100);

        String rotated = scheduled.housekeeping().orElseThrow();

        assertEquals(rotated, SignedJWT.parse(login()).getHeader().getKeyID());
        assertEquals(Optional.empty(), scheduled.housekeeping(), "the new key is younger than the interval");
        properties.setSigningKeyRotation(Duration.ZERO);
        Thread.sleep(1_100);
        assertEquals(Optional.empty(), scheduled.housekeeping(), "0 turns scheduled rotation off");
    }

    private String login() {
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/login",
                Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)), Map.class).get("access_token");
    }

    private HttpStatus users(String token) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/v1/users").bearerAuth(token)).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    private static String resign(String token, ECKey key, Instant expiresAt) throws Exception {
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
                .expirationTime(Date.from(expiresAt)).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
