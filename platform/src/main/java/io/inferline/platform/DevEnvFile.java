package io.inferline.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code .inferline/dev.env}: what scripts need to reach the local platform ({@code INFERLINE_URL},
 * {@code INFERLINE_API_KEY}, the admin's {@code INFERLINE_ADMIN_EMAIL} and {@code INFERLINE_ADMIN_PASSWORD}), in a
 * form both {@code source} and {@code --env-file} read. The key and password survive restarts so scripts keep working,
 * and so does auth's {@code INFERLINE_AUTH_KEY_ENCRYPTION_KEY}, without which its stored signing keys do not decrypt.
 */
final class DevEnvFile {

    static final String URL = "INFERLINE_URL";
    static final String API_KEY = "INFERLINE_API_KEY";
    /** The seeded tenant's admin key (today the same key as {@link #API_KEY}: it has every scope). */
    static final String ADMIN_API_KEY = "INFERLINE_ADMIN_API_KEY";
    /** The seeded tenant's admin, who logs in at {@code POST /v1/auth/login} for an access token. */
    static final String ADMIN_EMAIL = "INFERLINE_ADMIN_EMAIL";
    static final String ADMIN_PASSWORD = "INFERLINE_ADMIN_PASSWORD";
    static final String WEBHOOK_SECRET = "INFERLINE_WEBHOOK_SECRET";
    /** Encrypts auth's signing private keys at rest: it must stay the same, or auth refuses to start. */
    static final String AUTH_KEY_ENCRYPTION_KEY = "INFERLINE_AUTH_KEY_ENCRYPTION_KEY";
    static final String CELERY_BROKER_URL = "INFERLINE_CELERY_BROKER_URL";
    static final String CELERY_RESULT_BACKEND = "INFERLINE_CELERY_RESULT_BACKEND";

    private final Path file;

    DevEnvFile(Path home) {
        this.file = home.resolve(".inferline").resolve("dev.env");
    }

    Path path() {
        return file;
    }

    /** The key written last time, or a new one. */
    String apiKey() {
        return read(API_KEY).filter(key -> key.startsWith("il_dev_")).orElseGet(DevEnvFile::newKey);
    }

    /** The admin password written last time, or a new one. */
    String adminPassword() {
        return read(ADMIN_PASSWORD).filter(password -> password.length() >= 12).orElseGet(DevEnvFile::newPassword);
    }

    /** The key-encryption key written last time, or a new one (base64 of 32 bytes). */
    String authKeyEncryptionKey() {
        return read(AUTH_KEY_ENCRYPTION_KEY).filter(key -> key.length() == 44)
                .orElseGet(() -> Base64.getEncoder().encodeToString(secret(32)));
    }

    void write(String url, String apiKey) {
        write(url, apiKey, Map.of());
    }

    /** {@code more} follows the URL and key, in its order (e.g. the Celery broker and result backend). */
    void write(String url, String apiKey, Map<String, String> more) {
        var text = new StringBuilder("# Written by ./inferline up; read it with: source .inferline/dev.env\n"
                + URL + "=" + url + "\n" + API_KEY + "=" + apiKey + "\n");
        more.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Optional<String> read(String name) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (var reader = Files.newBufferedReader(file)) {
            var properties = new Properties();
            properties.load(reader);
            return Optional.ofNullable(properties.getProperty(name)).map(String::strip);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String newPassword() {
        return HexFormat.of().formatHex(secret(18));
    }

    private static String newKey() {
        return "il_dev_" + HexFormat.of().formatHex(secret(24));
    }

    private static byte[] secret(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
