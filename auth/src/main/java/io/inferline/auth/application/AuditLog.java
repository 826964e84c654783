package io.inferline.auth.application;

import io.inferline.auth.domain.AuditEntry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Who did what, per tenant. */
public interface AuditLog {

    void record(UUID tenantId, String actor, String action, String target, Map<String, Object> details);

    /** Newest first; {@code action} null for all actions. */
    List<AuditEntry> list(UUID tenantId, String action, int limit);
}
