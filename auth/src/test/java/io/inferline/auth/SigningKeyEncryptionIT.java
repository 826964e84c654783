package io.inferline.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.inferline.access.AccessProperties;
import io.inferline.access.JwksTokenVerifier;
import io.inferline.access.VoidedTokens;
import io.inferline.testkit.Infrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With INFERLINE_AUTH_KEY_ENCRYPTION_KEY set, the signing private keys are stored encrypted (also the plain ones
 * older starts left), tokens still verify through the JWKS, rotation works, and a start with another key fails
 * with a message naming the variable.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningKeyEncryptionIT implements TestPropertyProvider {

    private static final String ADMIN_EMAIL = "encrypting-admin-" + UUID.randomUUID() + "@example.test";
    private static final String ADMIN_PASSWORD = "encrypting admin " + UUID.randomUUID();
    private static final String TENANT = "encryption-" + UUID.randomUUID();
    private static final String KEY = newKey();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    EmbeddedServer server;

    @Inject
    VoidedTokens voided;

    @Override
    public Map<String, String> getProperties() {
        return properties(KEY);
    }

    @Test
    void privateKeysAreStoredEncryptedAndStillSign() throws Exception {
        var access = new AccessProperties();
        access.setJwksUrl(server.getURL() + "/.well-known/jwks.json");
        access.setJwksCacheTtl(Duration.ofMillis(500));
        access.setJwksRefreshMinInterval(Duration.ofMillis(100));
        var verifier = new JwksTokenVerifier(access, voided);

        String before = login();
        verifier.verify(before);
        Map<?, ?> rotated = http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/signing-keys/rotate", "")
                .bearerAuth(before), Map.class);
        String after = login();
        assertEquals(rotated.get("kid"), SignedJWT.parse(after).getHeader().getKeyID());
        assertNotEquals(SignedJWT.parse(before).getHeader().getKeyID(), rotated.get("kid"));
        verifier.verify(after);

        Map<String, String> stored = storedPrivateKeys();
        assertTrue(stored.containsKey((String) rotated.get("kid")), stored.keySet().toString());
        stored.forEach((kid, value) -> {
            assertFalse(value.contains("\"d\"") || value.contains("\"kty\"") || value.contains("BEGIN"),
                    "private key " + kid + " is stored in the clear");
            assertFalse(new String(Base64.getDecoder().decode(value)).contains("\"kty\""), kid);
        });
    }

    @Test
    void aStartWithAnotherKeyFailsNamingTheVariable() throws Exception {
        login(); // this context has stored its keys encrypted
        var properties = new HashMap<String, Object>(properties(newKey()));
        properties.put("micronaut.server.port", "-1");
        Exception failure = assertThrows(Exception.class, () -> {
            try (var ignored = ApplicationContext.run(EmbeddedServer.class, properties)) {
                // started: nothing to do
            }
        });
        String messages = messages(failure);
        assertTrue(messages.contains("INFERLINE_AUTH_KEY_ENCRYPTION_KEY does not decrypt signing key"), messages);
    }

    @Test
    void aPlainKeyLeftByAnEarlierStartIsEncryptedOnTheNextStart() throws Exception {
        ECKey plain = new ECKeyGenerator(Curve.P_256).keyID("plain-" + UUID.randomUUID()).generate();
        try (var connection = connect(); var ps = connection.prepareStatement("INSERT INTO auth.signing_keys "
                + "(kid, private_jwk, public_jwk, created_at, retired_at, removed_after) "
                + "VALUES (?, ?, ?, now() - interval '1 hour', now(), now() + interval '1 hour')")) {
            ps.setString(1, plain.getKeyID());
            ps.setString(2, plain.toJSONString());
            ps.setString(3, plain.toPublicJWK().toJSONString());
            ps.executeUpdate();
        }
        var properties = new HashMap<String, Object>(properties(KEY));
        properties.put("micronaut.server.port", "-1");
        try (var restarted = ApplicationContext.run(EmbeddedServer.class, properties)) {
            String stored = storedPrivateKeys().get(plain.getKeyID());
            assertFalse(stored.contains("\"kty\""), stored);
            assertTrue(http.toBlocking().retrieve("/.well-known/jwks.json").contains(plain.getKeyID()));
        }
    }

    /** The other auth ITs share this database and run without a key: they get fresh signing keys. */
    @AfterAll
    void removeEncryptedKeys() throws Exception {
        try (var connection = connect(); var ps = connection.prepareStatement(
                "DELETE FROM auth.signing_keys WHERE encrypted")) {
            ps.executeUpdate();
        }
    }

    private static Map<String, String> properties(String key) {
        var properties = Infrastructure.shared().testProperties("auth");
        properties.put("inferline.auth.bootstrap.tenant", TENANT);
        properties.put("inferline.auth.bootstrap.admin-email", ADMIN_EMAIL);
        properties.put("inferline.auth.bootstrap.admin-password", ADMIN_PASSWORD);
        properties.put("inferline.auth.key-encryption.key", key);
        return properties;
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Map<String, String> storedPrivateKeys() throws Exception {
        var keys = new HashMap<String, String>();
        try (var connection = connect(); var ps = connection.prepareStatement(
                "SELECT kid, private_jwk, encrypted FROM auth.signing_keys"); var rs = ps.executeQuery()) {
            while (rs.next()) {
                assertTrue(rs.getBoolean("encrypted"), rs.getString("kid"));
                keys.put(rs.getString("kid"), rs.getString("private_jwk"));
            }
        }
        return keys;
    }

    private static java.sql.Connection connect() throws Exception {
        var infrastructure = Infrastructure.shared();
        return DriverManager.getConnection(infrastructure.postgresJdbcUrl(), infrastructure.databaseUser(),
                infrastructure.databasePassword());
    }

    private static String messages(Throwable failure) {
        var text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private String login() {
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/login",
                Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)), Map.class).get("access_token");
    }
}
