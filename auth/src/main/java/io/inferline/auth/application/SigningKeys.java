package io.inferline.auth.application;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.inferline.auth.config.TokenProperties;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;

/**
 * ES256 signing keys, rotated without downtime: a rotation makes a new key the signer at once, and the old one
 * stays in the JWKS for the access-token lifetime, so every token it signed verifies until that token expires.
 * Verifiers meeting the new key id fetch the JWKS again. Rotation runs on request and on a schedule.
 */
@Singleton
public class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyStore store;
    private final TokenProperties properties;
    private final Clock clock;

    public SigningKeys(SigningKeyStore store, TokenProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    /** At start-up: some key signs. */
    public void ensure() {
        store.ensureSigning(SigningKeys::generate);
    }

    public String sign(JWTClaimsSet claims) {
        SigningKeyStore.StoredKey key = store.signing().orElseGet(() -> {
            ensure();
            return store.signing().orElseThrow();
        });
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(ECKey.parse(key.privateJwk())));
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("signing key " + key.kid() + " cannot sign", e);
        }
    }

    /** The public keys verifiers may meet: the signer and those within their overlap. */
    public JWKSet publicKeys() {
        var keys = new ArrayList<JWK>();
        for (SigningKeyStore.StoredKey key : store.published(clock.instant())) {
            try {
                keys.add(JWK.parse(key.publicJwk()));
            } catch (ParseException e) {
                LOG.error("signing key {} has an unreadable public JWK; it is not published", key.kid());
            }
        }
        return new JWKSet(keys);
    }

    /** For auth's own verification: always the keys in the database, no cache. */
    public JWKSource<SecurityContext> source() {
        return (selector, context) -> selector.select(publicKeys());
    }

    /** Rotates now; the new key's id. */
    public String rotate() {
        Instant now = clock.instant();
        return store.rotate(SigningKeys::generate, now, now.plus(properties.getAccessTtl()), Instant.MAX)
                .orElseThrow().kid();
    }

    /** Rotates a key older than the rotation interval, and forgets keys past their overlap. */
    @Scheduled(fixedDelay = "${inferline.auth.tokens.housekeeping-interval:1m}", initialDelay = "1m")
    void scheduled() {
        housekeeping();
    }

    public Optional<String> housekeeping() {
        Instant now = clock.instant();
        store.purge(now);
        Duration interval = properties.getSigningKeyRotation();
        if (interval.isZero() || interval.isNegative()) {
            return Optional.empty();
        }
        var rotated = store.rotate(SigningKeys::generate, now, now.plus(properties.getAccessTtl()),
                now.minus(interval)).map(SigningKeyStore.StoredKey::kid);
        rotated.ifPresent(kid -> LOG.info("signing key rotated on schedule; {} signs now", kid));
        return rotated;
    }

    static SigningKeyStore.StoredKey generate() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).generate();
            return new SigningKeyStore.StoredKey(key.getKeyID(), key.toJSONString(), key.toPublicJWK().toJSONString(),
                    Instant.now());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }
}
