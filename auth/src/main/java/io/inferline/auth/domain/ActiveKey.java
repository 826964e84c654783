package io.inferline.auth.domain;

import java.util.Set;
import java.util.UUID;

public record ActiveKey(UUID id, UUID tenantId, String sha256, Set<String> scopes) {
}
