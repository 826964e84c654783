package io.inferline.auth.application;

import com.nimbusds.jwt.JWTClaimsSet;
import io.inferline.access.AccessProperties;
import io.inferline.access.AccessTokens;
import io.inferline.auth.config.TokenProperties;
import io.inferline.auth.domain.AuditEntry;
import io.inferline.auth.domain.Passwords;
import io.inferline.auth.domain.RefreshTokens;
import io.inferline.auth.domain.User;
import io.inferline.common.error.UnauthorizedException;
import io.inferline.common.id.Uuids;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Login, refresh and logout. Login answers a short-lived access JWT and an opaque refresh token; a refresh rotates
 * the refresh token, and a rotated token presented again revokes its whole family (whoever holds the copy and
 * whoever holds the successor both have to log in again). Logout revokes the family.
 */
@Singleton
public class Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final SigningKeys signingKeys;
    private final AccessTokenVoids accessTokenVoids;
    private final AuditLog audit;
    private final TokenProperties tokens;
    private final AccessProperties access;
    private final Clock clock;

    public Sessions(UserStore users, RefreshTokenStore refreshTokens, SigningKeys signingKeys,
                    AccessTokenVoids accessTokenVoids, AuditLog audit, TokenProperties tokens, AccessProperties access,
                    Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.signingKeys = signingKeys;
        this.accessTokenVoids = accessTokenVoids;
        this.audit = audit;
        this.tokens = tokens;
        this.access = access;
        this.clock = clock;
    }

    /** What login and refresh answer. */
    public record Tokens(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn) {
    }

    public Tokens login(String email, String password) {
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        User user = users.byEmail(normalized).orElse(null);
        boolean matches = Passwords.verify(password, user == null ? null : user.passwordHash());
        if (user == null || !matches || user.disabled()) {
            audit.record(user == null ? null : user.tenantId(), null, AuditEntry.LOGIN_FAILED,
                    user == null ? null : "user:" + user.id(), Map.of("email", normalized,
                            "reason", user == null ? "unknown email" : user.disabled() ? "disabled" : "wrong password"));
            LOG.info("failed login for a {} user", user == null ? "unknown" : "known");
            throw new UnauthorizedException("the email or password is wrong");
        }
        Tokens issued = issue(user, UUID.randomUUID());
        audit.record(user.tenantId(), "user:" + user.id(), AuditEntry.LOGIN, "user:" + user.id(),
                Map.of("email", user.email()));
        return issued;
    }

    public Tokens refresh(String refreshToken) {
        Instant now = clock.instant();
        String next = RefreshTokens.newToken();
        var rotation = refreshTokens.rotate(ApiKeyGrant.hash(refreshToken), ApiKeyGrant.hash(next), now,
                now.plus(tokens.getRefreshTtl()));
        if (rotation.outcome() == RefreshTokenStore.Outcome.REUSED) {
            users.byId(rotation.userId()).ifPresent(user -> audit.record(user.tenantId(), null,
                    AuditEntry.REFRESH_REUSED, "user:" + user.id(), Map.of("family", rotation.familyId().toString())));
            LOG.warn("a rotated refresh token was presented again; token family {} revoked", rotation.familyId());
            throw new UnauthorizedException("the refresh token was used before; log in again");
        }
        if (rotation.outcome() == RefreshTokenStore.Outcome.INVALID) {
            throw new UnauthorizedException("the refresh token is not valid");
        }
        User user = users.byId(rotation.userId()).filter(u -> !u.disabled()).orElse(null);
        if (user == null) {
            refreshTokens.revokeAllOf(rotation.userId(), now);
            throw new UnauthorizedException("the refresh token is not valid");
        }
        return new Tokens(accessToken(user, now), tokens.getAccessTtl().toSeconds(), next,
                tokens.getRefreshTtl().toSeconds());
    }

    /**
     * Ends the session of {@code refreshToken}; {@code everywhere}: every session of its user, and the user's access
     * tokens stop working at once too.
     */
    public void logout(String refreshToken, boolean everywhere) {
        Instant now = clock.instant();
        refreshTokens.revokeFamily(ApiKeyGrant.hash(refreshToken), now)
                .flatMap(users::byId)
                .ifPresent(user -> {
                    if (everywhere) {
                        accessTokenVoids.voidAll(user.id());
                        refreshTokens.revokeAllOf(user.id(), now);
                    }
                    audit.record(user.tenantId(), "user:" + user.id(), AuditEntry.LOGOUT, "user:" + user.id(),
                            Map.of("everywhere", everywhere));
                });
    }

    private Tokens issue(User user, UUID familyId) {
        Instant now = clock.instant();
        String refresh = RefreshTokens.newToken();
        refreshTokens.insert(familyId, user.id(), ApiKeyGrant.hash(refresh), now, now.plus(tokens.getRefreshTtl()));
        return new Tokens(accessToken(user, now), tokens.getAccessTtl().toSeconds(), refresh,
                tokens.getRefreshTtl().toSeconds());
    }

    private String accessToken(User user, Instant now) {
        Instant issuedAt = accessTokenVoids.issuableFrom(user.id(), now);
        return signingKeys.sign(new JWTClaimsSet.Builder()
                .issuer(access.getIssuer())
                .audience(access.getAudience())
                .subject(user.id().toString())
                .claim(AccessTokens.TENANT, user.tenantId().toString())
                .claim(AccessTokens.ROLES, List.of(user.role().wireName()))
                .claim(AccessTokens.SCOPES, user.role().scopes().stream().sorted().toList())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(tokens.getAccessTtl())))
                .jwtID(Uuids.v7().toString())
                .build());
    }
}
