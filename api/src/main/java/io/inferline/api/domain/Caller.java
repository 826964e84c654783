package io.inferline.api.domain;

import java.util.Set;

/** Who is calling: the tenant an API key belongs to, and what the key may do. */
public record Caller(String tenantId, String keyId, Set<String> scopes) {
}
