package io.inferline.auth.adapter.http;

import io.inferline.auth.application.AuditLog;
import io.inferline.auth.application.Callers;
import io.inferline.auth.domain.AuditEntry;
import io.inferline.common.error.InvalidRequestException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The tenant's audit log, newest first, for its admins. */
@Controller("/v1/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
class AuditController {

    private static final int MAX_LIMIT = 500;

    private final AuditLog audit;
    private final Callers callers;

    AuditController(AuditLog audit, Callers callers) {
        this.audit = audit;
        this.callers = callers;
    }

    @Serdeable
    record Entries(List<AuditEntry> data) {
    }

    @Get
    Entries list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                 @Nullable @QueryValue String action, @Nullable @QueryValue Integer limit) {
        var admin = callers.admin(authorization);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new Entries(audit.list(admin.tenantId(), action, size));
    }
}
