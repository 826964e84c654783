package io.inferline.access;

/** The shape of auth's access tokens: claim names, and telling a JWT from an API key in a bearer header. */
public final class AccessTokens {

    public static final String TENANT = "tenant";
    public static final String ROLES = "roles";
    public static final String SCOPES = "scopes";

    private AccessTokens() {
    }

    /**
     * The Redis key under which auth records that the access tokens of {@code userId} issued before a moment (its
     * value, epoch seconds) are void: set when the user is disabled, changes role or logs out everywhere.
     */
    public static String voidedKey(String userId) {
        return "inferline:access-tokens-void-before:" + userId;
    }

    /** A compact JWS: three base64url parts, the first a JSON header ({@code eyJ} is {@code {"} encoded). */
    public static boolean looksLikeJwt(String credential) {
        return credential != null && credential.startsWith("eyJ") && credential.chars().filter(c -> c == '.').count() == 2;
    }
}
