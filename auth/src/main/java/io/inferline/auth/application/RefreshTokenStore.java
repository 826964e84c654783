package io.inferline.auth.application;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens by their SHA-256, in families that one login starts and every refresh continues. */
public interface RefreshTokenStore {

    enum Outcome { ROTATED, REUSED, INVALID }

    /** What a refresh did: on ROTATED and REUSED the user and family are known. */
    record Rotation(Outcome outcome, UUID userId, UUID familyId) {
    }

    void insert(UUID familyId, UUID userId, String sha256, Instant issuedAt, Instant expiresAt);

    /**
     * In one transaction: if {@code sha256} is the family's live token, marks it rotated and stores
     * {@code nextSha256} in its family (ROTATED); if it was rotated before, revokes the whole family (REUSED);
     * otherwise (unknown, expired, revoked) changes nothing (INVALID).
     */
    Rotation rotate(String sha256, String nextSha256, Instant now, Instant nextExpiresAt);

    /** Revokes the family of the token; the user, if the token was known. */
    Optional<UUID> revokeFamily(String sha256, Instant now);

    void revokeAllOf(UUID userId, Instant now);
}
