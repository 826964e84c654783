package io.inferline.auth.adapter.persistence;

/** The key encrypting signing keys at rest is malformed, missing, or not the one the stored keys were encrypted with. */
public class KeyEncryptionException extends IllegalStateException {

    KeyEncryptionException(String message) {
        super(message);
    }
}
