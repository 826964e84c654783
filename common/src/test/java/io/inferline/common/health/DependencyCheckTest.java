package io.inferline.common.health;

import io.micronaut.health.HealthStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DependencyCheckTest {

    @Test
    void aProbeThatAnswersIsUpWithItsDetails() {
        var result = new DependencyCheck("kafka", () -> Map.of("brokers", 3)).check();

        assertEquals("kafka", result.getName());
        assertEquals(HealthStatus.UP, result.getStatus());
        assertEquals(Map.of("brokers", 3), result.getDetails());
    }

    @Test
    void aProbeThatHangsIsDownInsteadOfHoldingTheHealthRequest() {
        var release = new CountDownLatch(1);
        var check = new DependencyCheck("postgresql", () -> {
            release.await();
            return Map.of();
        });
        try {
            var result = check.check();

            assertEquals(HealthStatus.DOWN, result.getStatus());
            assertTrue(String.valueOf(((Map<?, ?>) result.getDetails()).get("error")).startsWith("no answer"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aProbeThatFailsIsDownSayingWhyWithoutCredentials() {
        var result = new DependencyCheck("celery-redis", () -> {
            throw new IllegalStateException("wrapped", new IOException(
                    "cannot reach redis://:s3cret@cache:6379/0 with password=s3cret"));
        }).check();

        assertEquals(HealthStatus.DOWN, result.getStatus());
        String error = String.valueOf(((Map<?, ?>) result.getDetails()).get("error"));
        assertEquals("IllegalStateException: wrapped", error);
        assertFalse(DependencyCheck.describe(new IOException("redis://:s3cret@cache password=s3cret")).contains("s3cret"));
    }
}
