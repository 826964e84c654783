package io.inferline.auth.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The signing keys, shared by every auth replica through PostgreSQL. */
public interface SigningKeyStore {

    /** A key as stored: JWK JSON texts. {@code privateJwk} never leaves auth. */
    record StoredKey(String kid, String privateJwk, String publicJwk, Instant createdAt) {
    }

    /** The newest key that is not retired: the one that signs. */
    Optional<StoredKey> signing();

    /** Keys to publish: not retired, or retired but within their overlap. */
    List<StoredKey> published(Instant now);

    /** Under a lock across replicas: stores {@code fresh()} if no key signs now. */
    void ensureSigning(Supplier<StoredKey> fresh);

    /**
     * Under a lock across replicas: retires the signing keys (published until {@code removeAfter}) and stores
     * {@code fresh()} as the new signing key, unless the current one was created after {@code unlessNewerThan}.
     * Returns the new key, or empty if none was needed.
     */
    Optional<StoredKey> rotate(Supplier<StoredKey> fresh, Instant now, Instant removeAfter, Instant unlessNewerThan);

    /** Forgets keys whose overlap has ended. */
    int purge(Instant now);
}
