package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.common.error.UnauthorizedException;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import jakarta.inject.Singleton;

/** Resolves {@code Authorization: Bearer <api key>} to a caller. Keys are only ever compared by hash. */
@Singleton
public class Authenticator {

    private static final String BEARER = "Bearer ";

    private final ApiKeyDirectory directory;

    public Authenticator(ApiKeyDirectory directory) {
        this.directory = directory;
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("send an API key as 'Authorization: Bearer <key>'");
        }
        String key = authorization.substring(BEARER.length()).trim();
        return directory.find(ApiKeyGrant.hash(key))
                .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
    }
}
