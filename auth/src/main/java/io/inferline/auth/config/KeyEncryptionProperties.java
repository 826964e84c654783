package io.inferline.auth.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** The key that encrypts signing keys at rest ({@code inferline.auth.key-encryption.*}). */
@ConfigurationProperties(KeyEncryptionProperties.PREFIX)
public class KeyEncryptionProperties {

    public static final String PREFIX = "inferline.auth.key-encryption";

    /** Base64 of 32 bytes (AES-256); empty keeps the private keys unencrypted. A secret: environment only. */
    private String key = "";

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key == null ? "" : key.strip();
    }
}
