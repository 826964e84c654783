package io.inferline.routing.domain;

import java.nio.charset.StandardCharsets;

/** A stable, well-mixed hash of a key: the same key always lands in the same bucket, on every router. */
public final class StickyBuckets {

    private StickyBuckets() {
    }

    /** A bucket in {@code [0, buckets)} for {@code key} within {@code scope} (the alias, so splits are independent). */
    public static int bucket(String scope, String key, int buckets) {
        long hash = 0xcbf29ce484222325L; // FNV-1a 64
        for (byte b : (scope + '\u0000' + key).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33; // splitmix64 finaliser: spreads nearby keys ("user-1", "user-2") apart
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return (int) Long.remainderUnsigned(hash, buckets);
    }
}
