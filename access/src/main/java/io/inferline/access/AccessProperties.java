package io.inferline.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/** How services verify auth's JWTs ({@code inferline.access.*}). */
@ConfigurationProperties(AccessProperties.PREFIX)
public class AccessProperties {

    public static final String PREFIX = "inferline.access";

    /** auth's JWKS; unset: the service accepts API keys only. */
    @Nullable
    private String jwksUrl;

    /** The {@code iss} auth writes and verifiers require. Default {@code inferline-auth} (Istio's rule too). */
    private String issuer = "inferline-auth";

    /** The {@code aud} auth writes and verifiers require. Default {@code inferline}. */
    private String audience = "inferline";

    /** How long fetched keys are used before the JWKS is fetched again. Default 5 minutes. */
    private Duration jwksCacheTtl = Duration.ofMinutes(5);

    /** A token with a key id not in the cached keys fetches the JWKS again, at most this often. Default 10 s. */
    private Duration jwksRefreshMinInterval = Duration.ofSeconds(10);

    @Nullable
    public String getJwksUrl() {
        return jwksUrl;
    }

    public void setJwksUrl(@Nullable String jwksUrl) {
        this.jwksUrl = jwksUrl;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public Duration getJwksCacheTtl() {
        return jwksCacheTtl;
    }

    public void setJwksCacheTtl(Duration jwksCacheTtl) {
        this.jwksCacheTtl = jwksCacheTtl;
    }

    public Duration getJwksRefreshMinInterval() {
        return jwksRefreshMinInterval;
    }

    public void setJwksRefreshMinInterval(Duration jwksRefreshMinInterval) {
        this.jwksRefreshMinInterval = jwksRefreshMinInterval;
    }
}
