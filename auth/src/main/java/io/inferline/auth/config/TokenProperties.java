package io.inferline.auth.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Lifetimes of auth's tokens and signing keys ({@code inferline.auth.tokens.*}). */
@ConfigurationProperties(TokenProperties.PREFIX)
public class TokenProperties {

    public static final String PREFIX = "inferline.auth.tokens";

    /** Lifetime of an access JWT, and the overlap a rotated-out signing key stays published. Default 15 minutes. */
    private Duration accessTtl = Duration.ofMinutes(15);

    /** Lifetime of a refresh token (each refresh issues a new one). Default 30 days. */
    private Duration refreshTtl = Duration.ofDays(30);

    /** A signing key older than this is rotated by the scheduler; 0 turns scheduled rotation off. Default 30 days. */
    private Duration signingKeyRotation = Duration.ofDays(30);

    public Duration getAccessTtl() {
        return accessTtl;
    }

    public void setAccessTtl(Duration accessTtl) {
        this.accessTtl = accessTtl;
    }

    public Duration getRefreshTtl() {
        return refreshTtl;
    }

    public void setRefreshTtl(Duration refreshTtl) {
        this.refreshTtl = refreshTtl;
    }

    public Duration getSigningKeyRotation() {
        return signingKeyRotation;
    }

    public void setSigningKeyRotation(Duration signingKeyRotation) {
        this.signingKeyRotation = signingKeyRotation;
    }
}
