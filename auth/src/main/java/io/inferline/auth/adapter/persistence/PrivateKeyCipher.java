package io.inferline.auth.adapter.persistence;

import io.inferline.auth.config.KeyEncryptionProperties;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * AES-256-GCM for signing private keys at rest: a random 12-byte IV per value, stored before the ciphertext, and
 * the key id as associated data, so a value copied onto another row does not decrypt.
 */
@Singleton
class PrivateKeyCipher {

    static final String VARIABLE = "INFERLINE_AUTH_KEY_ENCRYPTION_KEY";
    private static final Logger LOG = LoggerFactory.getLogger(PrivateKeyCipher.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Optional<SecretKeySpec> key;

    PrivateKeyCipher(KeyEncryptionProperties properties) {
        this.key = key(properties.getKey());
        if (key.isEmpty()) {
            LOG.warn("{} is not set: signing private keys are stored unencrypted", VARIABLE);
        }
    }

    boolean enabled() {
        return key.isPresent();
    }

    String encrypt(String kid, String plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, kid, iv).doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws KeyEncryptionException if the value was not encrypted with this key for this key id */
    String decrypt(String kid, String encrypted) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encrypted);
            if (bytes.length <= IV_BYTES) {
                throw new KeyEncryptionException("signing key " + kid + " is not a valid encrypted value");
            }
            byte[] iv = Arrays.copyOf(bytes, IV_BYTES);
            return new String(cipher(Cipher.DECRYPT_MODE, kid, iv).doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyEncryptionException(VARIABLE + " does not decrypt signing key " + kid
                    + ": it was encrypted with another key (or altered); set the key it was encrypted with");
        }
    }

    private Cipher cipher(int mode, String kid, byte[] iv) throws GeneralSecurityException {
        SecretKeySpec secret = key.orElseThrow(() -> new KeyEncryptionException("signing key " + kid
                + " is encrypted but " + VARIABLE + " is not set"));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, secret, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static Optional<SecretKeySpec> key(String base64) {
        if (base64.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new KeyEncryptionException(VARIABLE + " is not valid base64");
        }
        if (bytes.length != 32) {
            throw new KeyEncryptionException(VARIABLE + " must be base64 of 32 bytes, not " + bytes.length);
        }
        return Optional.of(new SecretKeySpec(bytes, "AES"));
    }
}
