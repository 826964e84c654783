package io.inferline.api.application;

import io.inferline.access.AccessToken;
import io.inferline.access.AccessTokens;
import io.inferline.access.JwksTokenVerifier;
import io.inferline.api.domain.Caller;
import io.inferline.common.error.UnauthorizedException;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Resolves {@code Authorization: Bearer <credential>} to a caller. The credential is an API key (compared only by
 * hash, against the key directory) or an access JWT from auth (verified against auth's JWKS; its user's role
 * decides the scopes). Neither is ever logged.
 */
@Singleton
public class Authenticator {

    private static final String BEARER = "Bearer ";

    private final ApiKeyDirectory directory;
    private final JwksTokenVerifier tokens;

    @Inject
    public Authenticator(ApiKeyDirectory directory, JwksTokenVerifier tokens) {
        this.directory = directory;
        this.tokens = tokens;
    }

    /** API keys only. */
    public Authenticator(ApiKeyDirectory directory) {
        this(directory, null);
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("send an API key or access token as 'Authorization: Bearer <credential>'");
        }
        String credential = authorization.substring(BEARER.length()).trim();
        if (tokens != null && AccessTokens.looksLikeJwt(credential)) {
            AccessToken token = tokens.verify(credential);
            return new Caller(token.tenantId(), Caller.USER_PREFIX + token.subject(), token.scopes());
        }
        return directory.find(ApiKeyGrant.hash(credential))
                .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
    }
}
