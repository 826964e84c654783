package io.inferline.auth.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordsTest {

    @Test
    void anArgon2idHashVerifiesItsPasswordOnly() {
        String hash = Passwords.hash("correct horse battery staple");

        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertFalse(hash.contains("correct horse"));
        assertTrue(Passwords.verify("correct horse battery staple", hash));
        assertFalse(Passwords.verify("correct horse battery stapl", hash));
        assertNotEquals(hash, Passwords.hash("correct horse battery staple"), "every hash has its own salt");
    }

    @Test
    void theParametersAreReadFromTheStoredHash() {
        // made by the reference implementation (Debian's argon2):
        // echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32 -e
        String reference = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo";
        assertTrue(Passwords.verify("password", reference));
        assertFalse(Passwords.verify("Password", reference));
    }

    @Test
    void missingOrMalformedHashesNeverMatch() {
        assertFalse(Passwords.verify("anything at all", null));
        assertFalse(Passwords.verify("anything at all", "$2a$10$bcrypt"));
        assertFalse(Passwords.verify("anything at all", "$argon2id$v=19$m=x$salt$hash"));
    }

    @Test
    void newPasswordsNeedTwelveCharacters() {
        assertEquals("must have at least 12 characters", Passwords.problem("short"));
        assertNull(Passwords.problem("twelve chars"));
    }
}
