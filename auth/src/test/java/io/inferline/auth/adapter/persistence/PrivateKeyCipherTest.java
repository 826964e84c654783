package io.inferline.auth.adapter.persistence;

import io.inferline.auth.config.KeyEncryptionProperties;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateKeyCipherTest {

    private static final String JWK = "{\"kty\":\"EC\",\"d\":\"secret\"}";

    @Test
    void roundTripsWithAFreshIvEachTime() {
        var cipher = cipher(key((byte) 1));
        String first = cipher.encrypt("kid-1", JWK);
        assertFalse(first.contains("secret"));
        assertNotEquals(first, cipher.encrypt("kid-1", JWK));
        assertEquals(JWK, cipher.decrypt("kid-1", first));
    }

    @Test
    void anAlteredValueAnotherKidOrAnotherKeyIsAClearError() {
        var cipher = cipher(key((byte) 1));
        byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("kid-1", JWK));
        sealed[sealed.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(sealed);
        String stored = cipher.encrypt("kid-1", JWK);

        for (var attempt : new Runnable[] {() -> cipher.decrypt("kid-1", tampered),
                () -> cipher.decrypt("kid-2", stored), () -> cipher(key((byte) 2)).decrypt("kid-1", stored)}) {
            var error = assertThrows(KeyEncryptionException.class, attempt::run);
            assertTrue(error.getMessage().contains("INFERLINE_AUTH_KEY_ENCRYPTION_KEY does not decrypt"),
                    error.getMessage());
        }
    }

    @Test
    void aKeyOfTheWrongSizeOrNoneIsRefused() {
        var error = assertThrows(KeyEncryptionException.class,
                () -> cipher(Base64.getEncoder().encodeToString(new byte[16])));
        assertTrue(error.getMessage().contains("32 bytes"), error.getMessage());
        var none = cipher("");
        assertFalse(none.enabled());
        assertThrows(KeyEncryptionException.class, () -> none.decrypt("kid-1", cipher(key((byte) 1))
                .encrypt("kid-1", JWK)));
    }

    private static PrivateKeyCipher cipher(String key) {
        var properties = new KeyEncryptionProperties();
        properties.setKey(key);
        return new PrivateKeyCipher(properties);
    }

    private static String key(byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return Base64.getEncoder().encodeToString(key);
    }
}
