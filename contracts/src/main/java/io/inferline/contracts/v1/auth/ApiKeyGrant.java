package io.inferline.contracts.v1.auth;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What an API key grants, published by {@code auth} to the shared key directory under the key's SHA-256, so
 * every API replica can authenticate a request without calling {@code auth}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ApiKeyGrant(String keyId, String tenantId, Set<String> scopes, @Nullable RateLimits limits,
                          @Nullable Instant expiresAt) {

    /**
     * Pub/sub channel on which {@code auth} names the key hashes whose directory entry it just wrote or deleted, so
     * API replicas drop what they remember of them: {@link #changeNotice} writes a message, {@link #changedHashes}
     * reads it.
     */
    public static final String CHANGES_CHANNEL = "inferline:api-keys:changes";

    @Creator
    public ApiKeyGrant {
    }

    /** A grant that does not expire and has no limits of its own: the tenant's limits apply. */
    public ApiKeyGrant(String keyId, String tenantId, Set<String> scopes) {
        this(keyId, tenantId, scopes, null, null);
    }

    public ApiKeyGrant(String keyId, String tenantId, Set<String> scopes, @Nullable RateLimits limits) {
        this(keyId, tenantId, scopes, limits, null);
    }

    /** How a key is identified everywhere except at its creation: the hex SHA-256 of its text. */
    public static String hash(String apiKey) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Redis key holding the grant for a key's hash. */
    public static String directoryKey(String sha256Hex) {
        return "inferline:api-keys:" + sha256Hex;
    }

    /** A message for {@link #CHANGES_CHANNEL}: the hashes separated by spaces (hex never contains one). */
    public static String changeNotice(Collection<String> sha256Hexes) {
        return String.join(" ", sha256Hexes);
    }

    public static List<String> changedHashes(String changeNotice) {
        return Arrays.stream(changeNotice.split(" ")).filter(hash -> !hash.isEmpty()).toList();
    }
}
