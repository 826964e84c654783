package io.inferline.api.adapter.redis;

import io.inferline.common.redis.RedisAccess;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script sent by its SHA-1 ({@code EVALSHA}), so each call carries the digest, not the text. A Redis that does
 * not know the script (restarted, or a cluster node that never ran it) answers NOSCRIPT; the call is then repeated
 * with {@code EVAL}, which also puts the script in that Redis's cache for the next calls.
 */
final class RedisScript {

    private final String text;
    private final String sha;

    RedisScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    /** Runs the script and waits for its answer. */
    <T> T eval(RedisAccess redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.commands().evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.commands().eval(text, type, keys, args);
        }
    }

    /**
     * Sends the script without waiting. On the same connection it reaches Redis after everything sent before it; only
     * after a NOSCRIPT answer is the {@code EVAL} sent later than commands that followed it.
     */
    <T> CompletionStage<T> send(RedisAccess redis, ScriptOutputType type, String[] keys, String... args) {
        CompletionStage<T> bySha = redis.async().evalsha(sha, type, keys, args);
        return bySha.<CompletionStage<T>>handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.async().<T>eval(text, type, keys, args);
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(next -> next);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
