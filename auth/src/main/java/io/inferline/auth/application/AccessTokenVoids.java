package io.inferline.auth.application;

import java.time.Instant;
import java.util.UUID;

/**
 * Voids a user's access tokens before they expire, in the store every verifier reads (api, model-mgmt): tokens of
 * the user issued before the void are refused from the next request on.
 */
public interface AccessTokenVoids {

    /** Voids every access token of {@code userId} issued up to now; fails (503) if the void cannot be recorded. */
    void voidAll(UUID userId);

    /** The earliest issue time a new token of {@code userId} needs to outlive its last void; {@code now} if none. */
    Instant issuableFrom(UUID userId, Instant now);
}
