package io.inferline.auth.application;

import io.inferline.access.AccessProperties;
import io.inferline.access.AccessToken;
import io.inferline.access.AccessTokens;
import io.inferline.access.JwtVerifier;
import io.inferline.access.VoidedTokens;
import io.inferline.auth.domain.ActiveKey;
import io.inferline.auth.domain.Principal;
import io.inferline.common.error.ForbiddenException;
import io.inferline.common.error.UnauthorizedException;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.UUID;

/**
 * Who calls auth's management API: an access JWT (verified against auth's own keys in the database, and refused
 * once its user is disabled or the token is voided) or an API key.
 */
@Singleton
public class Callers {

    private static final String BEARER = "Bearer ";

    private final IdentityStore keys;
    private final UserStore users;
    private final JwtVerifier verifier;
    private final VoidedTokens voided;
    private final Clock clock;

    public Callers(IdentityStore keys, UserStore users, SigningKeys signingKeys, AccessProperties access,
                   VoidedTokens voided, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.verifier = new JwtVerifier(signingKeys.source(), access.getIssuer(), access.getAudience());
        this.voided = voided;
        this.clock = clock;
    }

    public Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("send an access token or API key as 'Authorization: Bearer <token>'");
        }
        String credential = authorization.substring(BEARER.length()).trim();
        if (AccessTokens.looksLikeJwt(credential)) {
            AccessToken token = verifier.verify(credential);
            if (voided.isVoid(token)) {
                throw new UnauthorizedException("the access token was revoked; log in again");
            }
            UUID userId = UUID.fromString(token.subject());
            // auth itself goes by the user's current state: a disabled user or a changed role takes effect at once
            var user = users.byId(userId).filter(u -> !u.disabled() && u.tenantId().toString().equals(token.tenantId()))
                    .orElseThrow(() -> new UnauthorizedException("the access token is not valid"));
            return new Principal(user.tenantId(), "user:" + userId, user.role().scopes());
        }
        ActiveKey key = keys.findActiveKey(ApiKeyGrant.hash(credential), clock.instant())
                .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
        return new Principal(key.tenantId(), "key:" + key.id(), key.scopes());
    }

    /** The caller, if it is an admin of its tenant (role admin, or an API key with scope admin). */
    public Principal admin(String authorization) {
        Principal caller = authenticate(authorization);
        if (!caller.isAdmin()) {
            throw new ForbiddenException("insufficient-scope", "this needs the role or scope 'admin'");
        }
        return caller;
    }
}
