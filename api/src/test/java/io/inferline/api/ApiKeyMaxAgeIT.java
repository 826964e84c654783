package io.inferline.api;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.testkit.Infrastructure;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.inferline.api.ApiKeyNoticesIT.awaitStatus;
import static io.inferline.api.ApiKeyNoticesIT.listJobs;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the default maximum age (1 s), a change whose notice was lost still takes effect shortly. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyMaxAgeIT implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return Infrastructure.shared().testProperties("api");
    }

    @Test
    void aGrantDeletedWithoutANoticeIsRefusedOnceItsMemoryIsTooOld() throws Exception {
        String key = "il_max_age_" + UUID.randomUUID();
        var grant = new ApiKeyGrant("key-max-age", "tenant-max-age", Set.of("jobs:read"));
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)), json.writeValueAsString(grant));
        assertEquals(HttpStatus.OK, listJobs(http, key));

        redis.sync().del(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)));

        awaitStatus(http, key, HttpStatus.UNAUTHORIZED);
    }
}
