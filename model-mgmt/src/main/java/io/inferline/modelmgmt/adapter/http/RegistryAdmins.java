package io.inferline.modelmgmt.adapter.http;

import io.inferline.access.AccessTokens;
import io.inferline.access.JwksTokenVerifier;
import io.inferline.access.Roles;
import io.inferline.common.error.ForbiddenException;
import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.common.error.UnauthorizedException;
import io.inferline.common.json.JsonObjects;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;

/**
 * Who may change the registry: an admin, by access JWT (role admin, verified against auth's JWKS) or by an API key
 * with the scope {@code admin} (looked up in the key directory auth publishes to Redis). Behind Istio only JWTs
 * arrive: its RequestAuthentication refuses any other bearer credential before it reaches model-mgmt.
 */
@Singleton
class RegistryAdmins {

    private static final String BEARER = "Bearer ";

    private final JwksTokenVerifier tokens;
    private final RedisAccess redis;
    private final JsonObjects json;

    RegistryAdmins(JwksTokenVerifier tokens, RedisAccess redis, JsonObjects json) {
        this.tokens = tokens;
        this.redis = redis;
        this.json = json;
    }

    void require(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("changing the registry needs an admin's access token or API key "
                    + "as 'Authorization: Bearer <credential>'");
        }
        String credential = authorization.substring(BEARER.length()).trim();
        boolean admin;
        if (AccessTokens.looksLikeJwt(credential)) {
            admin = tokens.verify(credential).may(Roles.ADMIN_SCOPE);
        } else {
            String grant;
            try {
                grant = redis.commands().get(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(credential)));
            } catch (RuntimeException e) {
                throw new ServiceUnavailableException("API keys cannot be checked for a moment; retry shortly", e);
            }
            if (grant == null) {
                throw new UnauthorizedException("the API key is not valid");
            }
            admin = json.read(grant, Argument.of(ApiKeyGrant.class)).scopes().contains(Roles.ADMIN_SCOPE);
        }
        if (!admin) {
            throw new ForbiddenException("insufficient-scope", "changing the registry needs the role or scope 'admin'");
        }
    }
}
