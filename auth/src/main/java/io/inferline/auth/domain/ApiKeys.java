package io.inferline.auth.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** Facts about API keys that every part of auth agrees on. */
public final class ApiKeys {

    public static final String ADMIN = "admin";
    public static final Set<String> ALL_SCOPES = Set.of("jobs:write", "jobs:read", "models:read", ADMIN);
    public static final Set<String> DEFAULT_SCOPES = Set.of("jobs:write", "jobs:read", "models:read");
    /** The bootstrap key belongs to the first tenant's admin: it may also manage webhooks, users and keys. */
    public static final Set<String> BOOTSTRAP_SCOPES = Set.of("jobs:write", "jobs:read", "models:read", "admin");
    private static final int VISIBLE_PREFIX = 11;

    private ApiKeys() {
    }

    /** A new key: {@code il_} and 32 random bytes, URL-safe. */
    public static String newKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "il_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The part of a key that may be shown, e.g. in a list of keys. */
    public static String visiblePrefix(String key) {
        return key.substring(0, Math.min(VISIBLE_PREFIX, key.length()));
    }
}
