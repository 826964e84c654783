package io.inferline.access;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.inferline.common.error.UnauthorizedException;
import jakarta.inject.Singleton;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies access JWTs against auth's JWKS ({@code inferline.access.jwks-url}) without calling auth per request:
 * the key set is fetched once, cached for {@code jwks-cache-ttl}, and fetched again early when a token names a key
 * id the cache does not have (a key auth has just rotated in), at most every {@code jwks-refresh-min-interval}.
 * A token auth has voided since it was issued ({@link VoidedTokens}) is refused.
 */
@Singleton
public class JwksTokenVerifier {

    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int MAX_JWKS_BYTES = 64 * 1024;

    private final AccessProperties properties;
    private final VoidedTokens voided;
    private final AtomicReference<JwtVerifier> verifier = new AtomicReference<>();

    public JwksTokenVerifier(AccessProperties properties, VoidedTokens voided) {
        this.properties = properties;
        this.voided = voided;
    }

    /** Whether this service accepts JWTs at all (a JWKS URL is set). */
    public boolean enabled() {
        String url = properties.getJwksUrl();
        return url != null && !url.isBlank();
    }

    public AccessToken verify(String jwt) {
        if (!enabled()) {
            throw new UnauthorizedException("this service accepts API keys only (inferline.access.jwks-url is not set)");
        }
        AccessToken token = verifier.updateAndGet(existing -> existing != null ? existing : create()).verify(jwt);
        if (voided.isVoid(token)) {
            throw new UnauthorizedException("the access token was revoked; log in again");
        }
        return token;
    }

    private JwtVerifier create() {
        try {
            var retriever = new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_JWKS_BYTES);
            long ttl = properties.getJwksCacheTtl().toMillis();
            var keys = JWKSourceBuilder.<SecurityContext>create(URI.create(properties.getJwksUrl()).toURL(), retriever)
                    .cache(ttl, Math.min(TIMEOUT_MILLIS, ttl / 2))
                    .refreshAheadCache(false)
                    .rateLimited(properties.getJwksRefreshMinInterval().toMillis())
                    .retrying(false)
                    .build();
            return new JwtVerifier(keys, properties.getIssuer(), properties.getAudience());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("inferline.access.jwks-url is not a URL: " + properties.getJwksUrl(), e);
        }
    }
}
