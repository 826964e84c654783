package io.inferline.auth.adapter.redis;

import io.inferline.auth.application.KeyDirectory;
import io.inferline.auth.domain.ActiveKey;
import io.inferline.common.json.JsonObjects;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.lettuce.core.SetArgs;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Writes grants one key at a time: each is a single-slot command, so this works on a Redis cluster too. A key
 * that expires vanishes from the directory at its expiry, by Redis itself.
 * <p>
 * Every entry that really changed (a new or different grant, a deletion) is then named on
 * {@link ApiKeyGrant#CHANGES_CHANNEL}, so API replicas stop answering from memory at once. The periodic re-publish
 * of unchanged grants announces nothing: it would otherwise wipe every replica's memory every few seconds.
 */
@Singleton
class RedisKeyDirectory implements KeyDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisKeyDirectory.class);
    private static final int HASHES_PER_NOTICE = 1_000;

    private final RedisAccess redis;
    private final JsonObjects json;

    RedisKeyDirectory(RedisAccess redis, JsonObjects json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public void publish(Collection<ActiveKey> keys) {
        var commands = redis.commands();
        var changed = new ArrayList<String>();
        for (ActiveKey key : keys) {
            var grant = new ApiKeyGrant(key.id().toString(), key.tenantId().toString(), key.scopes(), key.limits(),
                    key.expiresAt());
            var args = key.expiresAt() == null ? new SetArgs() : SetArgs.Builder.pxAt(key.expiresAt().toEpochMilli());
            String written = json.write(grant);
            String previous = commands.setGet(ApiKeyGrant.directoryKey(key.sha256()), written, args);
            if (previous == null || !previous.equals(written) && !sameGrant(previous, written)) {
                changed.add(key.sha256());
            }
        }
        announce(changed);
    }

    @Override
    public void remove(Collection<String> sha256s) {
        var commands = redis.commands();
        var changed = new ArrayList<String>();
        for (String sha256 : sha256s) {
            if (commands.del(ApiKeyGrant.directoryKey(sha256)) > 0) {
                changed.add(sha256);
            }
        }
        announce(changed);
    }

    /**
     * Compared as grants when the texts differ: the order of the scopes in the JSON may differ between auth replicas.
     * The periodic re-publish mostly writes the same text, which then needs no parsing.
     */
    private boolean sameGrant(String previous, String written) {
        try {
            var type = Argument.of(ApiKeyGrant.class);
            return json.read(previous, type).equals(json.read(written, type));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** A lost notice only delays the change on the API replicas by their short memory age, so it is not an error. */
    private void announce(List<String> changed) {
        for (int from = 0; from < changed.size(); from += HASHES_PER_NOTICE) {
            var batch = changed.subList(from, Math.min(changed.size(), from + HASHES_PER_NOTICE));
            try {
                redis.commands().publish(ApiKeyGrant.CHANGES_CHANNEL, ApiKeyGrant.changeNotice(batch));
            } catch (RuntimeException e) {
                LOG.warn("could not announce {} changed API keys: {}", batch.size(), e.toString());
            }
        }
    }
}
