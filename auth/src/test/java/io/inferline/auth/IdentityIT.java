package io.inferline.auth;

import io.inferline.auth.application.IdentityStore;
import io.inferline.auth.application.UserStore;
import io.inferline.auth.domain.Passwords;
import io.inferline.testkit.Infrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Users, login, refresh-token rotation with reuse detection, logout, tenant isolation and the audit log, through
 * auth's HTTP API on real PostgreSQL (via PgBouncer) and Redis. Every secret used is then looked for in the logs.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityIT implements TestPropertyProvider {

    private static final CapturedLogs LOGS = CapturedLogs.capture();
    private static final String ADMIN_EMAIL = "admin-" + UUID.randomUUID() + "@example.test";
    private static final String ADMIN_PASSWORD = "first admin " + UUID.randomUUID();
    private static final String ADMIN_KEY = "il_admin_" + UUID.randomUUID();
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    JsonMapper json;

    @Inject
    IdentityStore identities;

    @Inject
    UserStore users;

    @Override
    public Map<String, String> getProperties() {
        var properties = Infrastructure.shared().testProperties("auth");
        properties.put("inferline.auth.bootstrap.api-key", ADMIN_KEY);
        properties.put("inferline.auth.bootstrap.tenant", "identity-" + UUID.randomUUID());
        properties.put("inferline.auth.bootstrap.admin-email", ADMIN_EMAIL);
        properties.put("inferline.auth.bootstrap.admin-password", ADMIN_PASSWORD);
        SECRETS.addAll(List.of(ADMIN_PASSWORD, ADMIN_KEY));
        return properties;
    }

    @Test
    void loginGivesAnEs256AccessTokenWithKeyIdAndClaims() throws Exception {
        Map<?, ?> tokens = login(ADMIN_EMAIL, ADMIN_PASSWORD);
        String access = (String) tokens.get("access_token");

        Map<?, ?> header = part(access, 0);
        Map<?, ?> claims = part(access, 1);
        assertEquals("ES256", header.get("alg"));
        String jwks = http.toBlocking().retrieve("/.well-known/jwks.json");
        assertTrue(jwks.contains("\"kid\":\"" + header.get("kid") + "\""), jwks);
        assertFalse(jwks.contains("\"d\""), "the JWKS never holds a private key: " + jwks);
        assertEquals("inferline-auth", claims.get("iss"));
        assertEquals(List.of("admin"), claims.get("roles"));
        assertTrue(((List<?>) claims.get("scopes")).contains("admin"));
        assertTrue(claims.get("tenant") instanceof String && claims.get("sub") instanceof String);
        assertEquals(((Number) claims.get("iat")).longValue() + 900, ((Number) claims.get("exp")).longValue());
        assertEquals("Bearer", tokens.get("token_type"));
        assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.GET("/v1/users").bearerAuth(access)).getStatus());

        refused(HttpRequest.POST("/v1/auth/login", Map.of("email", ADMIN_EMAIL, "password", "not the password!")),
                HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.POST("/v1/auth/login", Map.of("email", "nobody@example.test", "password", ADMIN_PASSWORD)),
                HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.GET("/v1/users").bearerAuth(access.substring(0, access.length() - 4) + "AAAA"),
                HttpStatus.UNAUTHORIZED);
    }

    @Test
    void refreshRotatesTheTokenAndAReusedTokenRevokesTheWholeFamily() {
        String first = (String) login(ADMIN_EMAIL, ADMIN_PASSWORD).get("refresh_token");

        Map<?, ?> refreshed = refresh(first);
        String second = (String) refreshed.get("refresh_token");
        assertNotEquals(first, second);
        String third = (String) refresh(second).get("refresh_token");

        // someone replays the first token: it was rotated, so the family ends, including the live third token
        refused(HttpRequest.POST("/v1/auth/refresh", Map.of("refresh_token", first)), HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.POST("/v1/auth/refresh", Map.of("refresh_token", third)), HttpStatus.UNAUTHORIZED);
        // another login is another family, untouched
        String other = (String) login(ADMIN_EMAIL, ADMIN_PASSWORD).get("refresh_token");
        SECRETS.add(other);
        refresh(other);
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        String refresh = (String) login(ADMIN_EMAIL, ADMIN_PASSWORD).get("refresh_token");

        assertEquals(HttpStatus.NO_CONTENT, http.toBlocking().exchange(HttpRequest.POST("/v1/auth/logout",
                Map.of("refresh_token", refresh))).getStatus());

        refused(HttpRequest.POST("/v1/auth/refresh", Map.of("refresh_token", refresh)), HttpStatus.UNAUTHORIZED);
    }

    @Test
    void adminsManageUsersAndRolesDecideWhatATokenMayDo() throws Exception {
        String admin = (String) login(ADMIN_EMAIL, ADMIN_PASSWORD).get("access_token");
        String viewerEmail = "viewer-" + UUID.randomUUID() + "@example.test";
        String viewerPassword = "viewer password " + UUID.randomUUID();
        Map<?, ?> viewer = createUser(admin, viewerEmail, viewerPassword, "viewer");
        assertEquals("viewer", viewer.get("role"));
        assertFalse(json.writeValueAsString(viewer).contains("password"));

        String viewerToken = (String) login(viewerEmail, viewerPassword).get("access_token");
        assertEquals(List.of("jobs:read", "models:read"), part(viewerToken, 1).get("scopes"));
        refused(HttpRequest.GET("/v1/users").bearerAuth(viewerToken), HttpStatus.FORBIDDEN);
        refused(HttpRequest.POST("/v1/keys", Map.of("scopes", List.of("jobs:read"))).bearerAuth(viewerToken),
                HttpStatus.FORBIDDEN);

        String id = (String) viewer.get("id");
        Map<?, ?> member = http.toBlocking().retrieve(HttpRequest.PATCH("/v1/users/" + id, Map.of("role", "member"))
                .bearerAuth(admin), Map.class);
        assertEquals("member", member.get("role"));
        assertEquals(List.of("jobs:read", "jobs:write", "models:read"),
                part((String) login(viewerEmail, viewerPassword).get("access_token"), 1).get("scopes"));

        String refresh = (String) login(viewerEmail, viewerPassword).get("refresh_token");
        http.toBlocking().exchange(HttpRequest.PATCH("/v1/users/" + id, Map.of("disabled", true)).bearerAuth(ADMIN_KEY));
        refused(HttpRequest.POST("/v1/auth/login", Map.of("email", viewerEmail, "password", viewerPassword)),
                HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.POST("/v1/auth/refresh", Map.of("refresh_token", refresh)), HttpStatus.UNAUTHORIZED);

        var problem = refused(HttpRequest.POST("/v1/users", Map.of("email", "x@example.test", "password", "short",
                "role", "root")).bearerAuth(admin), HttpStatus.BAD_REQUEST).getResponse().getBody(String.class).orElseThrow();
        assertTrue(problem.contains("\"field\":\"password\"") && problem.contains("\"field\":\"role\""), problem);
        refused(HttpRequest.POST("/v1/users", Map.of("email", viewerEmail, "password", viewerPassword,
                "role", "viewer")).bearerAuth(admin), HttpStatus.CONFLICT);
    }

    @Test
    void anotherTenantsAdminCannotTouchOurUsersOrKeys() {
        String ours = (String) createUser(ADMIN_KEY, "member-" + UUID.randomUUID() + "@example.test",
                "member password " + UUID.randomUUID(), "member").get("id");
        Map<?, ?> key = http.toBlocking().retrieve(HttpRequest.POST("/v1/keys", Map.of("scopes", List.of("jobs:read")))
                .bearerAuth(ADMIN_KEY), Map.class);
        SECRETS.add((String) key.get("key"));
        String ourKeyId = (String) ((Map<?, ?>) key.get("info")).get("id");

        String otherEmail = "other-admin-" + UUID.randomUUID() + "@example.test";
        String otherPassword = "other admin " + UUID.randomUUID();
        SECRETS.add(otherPassword);
        UUID otherTenant = identities.ensureTenant("other-" + UUID.randomUUID());
        identities.ensureAdmin(otherTenant, otherEmail);
        users.setPasswordIfNone(otherEmail, Passwords.hash(otherPassword));
        String other = (String) login(otherEmail, otherPassword).get("access_token");

        String listing = http.toBlocking().retrieve(HttpRequest.GET("/v1/users").bearerAuth(other));
        assertFalse(listing.contains(ours), listing);
        assertTrue(listing.contains(otherEmail), listing);
        refused(HttpRequest.PATCH("/v1/users/" + ours, Map.of("role", "viewer")).bearerAuth(other), HttpStatus.NOT_FOUND);
        refused(HttpRequest.DELETE("/v1/keys/" + ourKeyId).bearerAuth(other), HttpStatus.NOT_FOUND);
        assertFalse(http.toBlocking().retrieve(HttpRequest.GET("/v1/keys").bearerAuth(other)).contains(ourKeyId));
        assertFalse(http.toBlocking().retrieve(HttpRequest.GET("/v1/audit").bearerAuth(other)).contains(ours));
        // and ours is untouched
        assertTrue(http.toBlocking().retrieve(HttpRequest.GET("/v1/users").bearerAuth(ADMIN_KEY)).contains(ours));
        // operators only: another tenant's admin does not rotate the platform's signing keys
        refused(HttpRequest.POST("/v1/auth/signing-keys/rotate", "").bearerAuth(other), HttpStatus.FORBIDDEN);
    }

    @Test
    void theAuditLogRecordsLoginsKeysAndUserChanges() {
        String admin = (String) login(ADMIN_EMAIL, ADMIN_PASSWORD).get("access_token");
        refused(HttpRequest.POST("/v1/auth/login", Map.of("email", ADMIN_EMAIL, "password", "wrong password, again")),
                HttpStatus.UNAUTHORIZED);
        String userId = (String) createUser(admin, "audited-" + UUID.randomUUID() + "@example.test",
                "audited password " + UUID.randomUUID(), "viewer").get("id");
        http.toBlocking().exchange(HttpRequest.PATCH("/v1/users/" + userId, Map.of("role", "member")).bearerAuth(admin));
        http.toBlocking().exchange(HttpRequest.PATCH("/v1/users/" + userId, Map.of("disabled", true)).bearerAuth(admin));
        Map<?, ?> key = http.toBlocking().retrieve(HttpRequest.POST("/v1/keys", Map.of("scopes", List.of("jobs:read")))
                .bearerAuth(admin), Map.class);
        SECRETS.add((String) key.get("key"));
        String keyId = (String) ((Map<?, ?>) key.get("info")).get("id");
        http.toBlocking().exchange(HttpRequest.DELETE("/v1/keys/" + keyId).bearerAuth(admin));

        List<?> entries = (List<?>) http.toBlocking().retrieve(HttpRequest.GET("/v1/audit?limit=500").bearerAuth(admin),
                Map.class).get("data");
        var actions = entries.stream().map(e -> ((Map<?, ?>) e).get("action")).toList();
        for (String action : List.of("login", "login.failed", "user.created", "user.role_changed", "user.disabled",
                "api_key.created", "api_key.revoked")) {
            assertTrue(actions.contains(action), action + " in " + actions);
        }
        var revoked = entries.stream().map(e -> (Map<?, ?>) e).filter(e -> ("key:" + keyId).equals(e.get("target")))
                .filter(e -> "api_key.revoked".equals(e.get("action"))).findFirst().orElseThrow();
        assertTrue(((String) revoked.get("actor")).startsWith("user:"), revoked.toString());
        String ofMember = http.toBlocking().retrieve(HttpRequest.GET("/v1/audit?action=user.role_changed")
                .bearerAuth(admin));
        assertTrue(ofMember.contains("\"to\":\"member\"") && !ofMember.contains("api_key"), ofMember);
    }

    @Test
    void aUserChangesTheirPasswordAndEverySessionOfTheirsEnds() {
        String email = "changer-" + UUID.randomUUID() + "@example.test";
        String oldPassword = "old password " + UUID.randomUUID();
        String newPassword = "new password " + UUID.randomUUID();
        SECRETS.add(newPassword);
        String userId = (String) createUser(ADMIN_KEY, email, oldPassword, "admin").get("id");
        Map<?, ?> session = login(email, oldPassword);
        String access = (String) session.get("access_token");
        String otherSession = (String) login(email, oldPassword).get("refresh_token");

        assertTrue(refused(HttpRequest.POST("/v1/auth/password", Map.of("current_password", "not my password!",
                "new_password", newPassword)).bearerAuth(access), HttpStatus.UNPROCESSABLE_ENTITY)
                .getResponse().getBody(String.class).orElseThrow().contains("current_password"));
        assertTrue(refused(HttpRequest.POST("/v1/auth/password", Map.of("current_password", oldPassword,
                "new_password", "short")).bearerAuth(access), HttpStatus.BAD_REQUEST)
                .getResponse().getBody(String.class).orElseThrow().contains("new_password"));
        refused(HttpRequest.POST("/v1/auth/password", Map.of("current_password", oldPassword,
                "new_password", newPassword)).bearerAuth(ADMIN_KEY), HttpStatus.FORBIDDEN);
        // nothing changed so far
        assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.GET("/v1/users").bearerAuth(access))
                .getStatus());

        assertEquals(HttpStatus.NO_CONTENT, http.toBlocking().exchange(HttpRequest.POST("/v1/auth/password",
                Map.of("current_password", oldPassword, "new_password", newPassword)).bearerAuth(access)).getStatus());

        refused(HttpRequest.GET("/v1/users").bearerAuth(access), HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.POST("/v1/auth/refresh", Map.of("refresh_token", session.get("refresh_token"))),
                HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.POST("/v1/auth/refresh", Map.of("refresh_token", otherSession)), HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.POST("/v1/auth/login", Map.of("email", email, "password", oldPassword)),
                HttpStatus.UNAUTHORIZED);
        String fresh = (String) login(email, newPassword).get("access_token");
        assertTrue(http.toBlocking().retrieve(HttpRequest.GET("/v1/audit?action=user.password_changed")
                .bearerAuth(fresh)).contains("user:" + userId));
    }

    @Test
    void anAdminResetsAPasswordOfTheirTenantOnly() {
        String email = "forgetful-" + UUID.randomUUID() + "@example.test";
        String oldPassword = "forgotten password " + UUID.randomUUID();
        String reset = "reset password " + UUID.randomUUID();
        SECRETS.add(reset);
        String userId = (String) createUser(ADMIN_KEY, email, oldPassword, "member").get("id");
        Map<?, ?> session = login(email, oldPassword);

        assertTrue(refused(HttpRequest.POST("/v1/users/" + userId + "/password", Map.of("password", "short"))
                .bearerAuth(ADMIN_KEY), HttpStatus.BAD_REQUEST).getResponse().getBody(String.class).orElseThrow()
                .contains("password"));
        refused(HttpRequest.POST("/v1/users/" + userId + "/password", Map.of("password", reset))
                .bearerAuth((String) session.get("access_token")), HttpStatus.FORBIDDEN);
        refused(HttpRequest.POST("/v1/users/" + UUID.randomUUID() + "/password", Map.of("password", reset))
                .bearerAuth(ADMIN_KEY), HttpStatus.NOT_FOUND);
        String otherEmail = "resetting-admin-" + UUID.randomUUID() + "@example.test";
        String otherPassword = "resetting admin " + UUID.randomUUID();
        SECRETS.add(otherPassword);
        UUID otherTenant = identities.ensureTenant("other-" + UUID.randomUUID());
        identities.ensureAdmin(otherTenant, otherEmail);
        users.setPasswordIfNone(otherEmail, Passwords.hash(otherPassword));
        String other = (String) login(otherEmail, otherPassword).get("access_token");
        refused(HttpRequest.POST("/v1/users/" + userId + "/password", Map.of("password", reset)).bearerAuth(other),
                HttpStatus.NOT_FOUND);
        login(email, oldPassword);

        assertEquals(HttpStatus.NO_CONTENT, http.toBlocking().exchange(HttpRequest.POST("/v1/users/" + userId
                + "/password", Map.of("password", reset)).bearerAuth(ADMIN_KEY)).getStatus());

        refused(HttpRequest.POST("/v1/auth/refresh", Map.of("refresh_token", session.get("refresh_token"))),
                HttpStatus.UNAUTHORIZED);
        refused(HttpRequest.POST("/v1/auth/login", Map.of("email", email, "password", oldPassword)),
                HttpStatus.UNAUTHORIZED);
        login(email, reset);
        assertTrue(http.toBlocking().retrieve(HttpRequest.GET("/v1/audit?action=user.password_reset")
                .bearerAuth(ADMIN_KEY)).contains("user:" + userId));
    }

    @AfterAll
    void noPasswordKeyOrTokenIsLogged() {
        assertTrue(LOGS.size() > 0, "the logs were captured");
        assertEquals(List.of(), LOGS.containing(SECRETS));
    }

    private Map<?, ?> login(String email, String password) {
        SECRETS.add(password);
        Map<?, ?> tokens = http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/login",
                Map.of("email", email, "password", password)), Map.class);
        SECRETS.add((String) tokens.get("access_token"));
        SECRETS.add((String) tokens.get("refresh_token"));
        return tokens;
    }

    private Map<?, ?> refresh(String refreshToken) {
        Map<?, ?> tokens = http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/refresh",
                Map.of("refresh_token", refreshToken)), Map.class);
        SECRETS.add((String) tokens.get("access_token"));
        SECRETS.add((String) tokens.get("refresh_token"));
        return tokens;
    }

    private Map<?, ?> createUser(String bearer, String email, String password, String role) {
        SECRETS.add(password);
        var response = http.toBlocking().exchange(HttpRequest.POST("/v1/users",
                Map.of("email", email, "password", password, "role", role)).bearerAuth(bearer), Map.class);
        assertEquals(HttpStatus.CREATED, response.getStatus());
        return response.body();
    }

    private Map<?, ?> part(String jwt, int index) throws Exception {
        return json.readValue(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8),
                Map.class);
    }

    private HttpClientResponseException refused(HttpRequest<?> request, HttpStatus status) {
        var e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(request, String.class));
        assertEquals(status, e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
        return e;
    }
}
