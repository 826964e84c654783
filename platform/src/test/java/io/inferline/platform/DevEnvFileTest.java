package io.inferline.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevEnvFileTest {

    @Test
    void writesUrlAndKeyAndKeepsTheKeyAcrossRestarts(@TempDir Path home) throws Exception {
        var first = new DevEnvFile(home);
        String key = first.apiKey();
        assertTrue(key.startsWith("il_dev_") && key.length() > 40, key);
        first.write("http://127.0.0.1:8080", key);

        String text = Files.readString(home.resolve(".inferline/dev.env"));
        assertTrue(text.contains("INFERLINE_URL=http://127.0.0.1:8080\n"), text);
        assertTrue(text.contains("INFERLINE_API_KEY=" + key + "\n"), text);
        assertEquals(key, new DevEnvFile(home).apiKey());
    }

    @Test
    void theCeleryBrokerAndResultBackendFollowTheUrlAndKey(@TempDir Path home) throws Exception {
        var file = new DevEnvFile(home);
        var celery = new java.util.LinkedHashMap<String, String>();
        celery.put(DevEnvFile.CELERY_BROKER_URL, "amqp://guest:guest@127.0.0.1:5672//");
        celery.put(DevEnvFile.CELERY_RESULT_BACKEND, "redis://127.0.0.1:6379/1");
        file.write("http://127.0.0.1:8080", "il_dev_key", celery);

        assertEquals("# Written by ./inferline up; read it with: source .inferline/dev.env\n"
                + "INFERLINE_URL=http://127.0.0.1:8080\nINFERLINE_API_KEY=il_dev_key\n"
                + "INFERLINE_CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//\n"
                + "INFERLINE_CELERY_RESULT_BACKEND=redis://127.0.0.1:6379/1\n",
                Files.readString(home.resolve(".inferline/dev.env")));
    }

    @Test
    void theAdminPasswordSurvivesRestarts(@TempDir Path home) throws Exception {
        var first = new DevEnvFile(home);
        String password = first.adminPassword();
        assertTrue(password.length() >= 24, password);
        first.write("http://127.0.0.1:8080", first.apiKey(), java.util.Map.of(DevEnvFile.ADMIN_PASSWORD, password));

        assertTrue(Files.readString(home.resolve(".inferline/dev.env")).contains("INFERLINE_ADMIN_PASSWORD=" + password));
        assertEquals(password, new DevEnvFile(home).adminPassword());
        assertNotEquals(password, new DevEnvFile(home.resolve("elsewhere")).adminPassword());
    }

    @Test
    void theAuthKeyEncryptionKeySurvivesRestarts(@TempDir Path home) throws Exception {
        var first = new DevEnvFile(home);
        String key = first.authKeyEncryptionKey();
        assertEquals(32, java.util.Base64.getDecoder().decode(key).length);
        first.write("http://127.0.0.1:8080", first.apiKey(), java.util.Map.of(DevEnvFile.AUTH_KEY_ENCRYPTION_KEY, key));

        assertTrue(Files.readString(home.resolve(".inferline/dev.env"))
                .contains("INFERLINE_AUTH_KEY_ENCRYPTION_KEY=" + key));
        assertEquals(key, new DevEnvFile(home).authKeyEncryptionKey());
        assertNotEquals(key, new DevEnvFile(home.resolve("elsewhere")).authKeyEncryptionKey());
    }

    @Test
    void aFreshHomeGetsAFreshKey(@TempDir Path a, @TempDir Path b) {
        assertNotEquals(new DevEnvFile(a).apiKey(), new DevEnvFile(b).apiKey());
    }
}
