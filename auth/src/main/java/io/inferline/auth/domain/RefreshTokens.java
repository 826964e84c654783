package io.inferline.auth.domain;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque refresh tokens: {@code ilr_} and 32 random bytes; stored only as their SHA-256. */
public final class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RefreshTokens() {
    }

    public static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "ilr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
