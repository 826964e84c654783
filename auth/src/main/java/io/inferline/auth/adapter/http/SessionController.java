package io.inferline.auth.adapter.http;

import io.inferline.auth.application.Callers;
import io.inferline.auth.application.Sessions;
import io.inferline.auth.application.SigningKeys;
import io.inferline.auth.application.UserService;
import io.inferline.auth.application.AuditLog;
import io.inferline.auth.config.BootstrapProperties;
import io.inferline.auth.domain.AuditEntry;
import io.inferline.auth.domain.Passwords;
import io.inferline.auth.domain.Principal;
import io.inferline.auth.application.IdentityStore;
import io.inferline.common.error.ForbiddenException;
import io.inferline.common.error.InvalidRequestException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Map;

/**
 * Login, refresh, logout, a user's own password change, and signing-key rotation for the platform's admins.
 * Bodies are never logged.
 */
@Controller("/v1/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
class SessionController {

    private final Sessions sessions;
    private final SigningKeys signingKeys;
    private final Callers callers;
    private final IdentityStore identities;
    private final BootstrapProperties bootstrap;
    private final AuditLog audit;
    private final UserService users;

    SessionController(Sessions sessions, SigningKeys signingKeys, Callers callers, IdentityStore identities,
                      BootstrapProperties bootstrap, AuditLog audit, UserService users) {
        this.sessions = sessions;
        this.users = users;
        this.signingKeys = signingKeys;
        this.callers = callers;
        this.identities = identities;
        this.bootstrap = bootstrap;
        this.audit = audit;
    }

    @Serdeable
    record Login(@Nullable String email, @Nullable String password) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Refresh(@Nullable String refreshToken) {
    }

    /** {@code everywhere}: end every session of the user, and void their access tokens. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record Logout(@Nullable String refreshToken, @Nullable Boolean everywhere) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record TokenAnswer(String accessToken, String tokenType, long expiresIn, String refreshToken,
                       long refreshExpiresIn) {

        static TokenAnswer of(Sessions.Tokens tokens) {
            return new TokenAnswer(tokens.accessToken(), "Bearer", tokens.expiresIn(), tokens.refreshToken(),
                    tokens.refreshExpiresIn());
        }
    }

    @Serdeable
    record Rotated(String kid) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword) {
    }

    @Post(value = "/login", consumes = MediaType.APPLICATION_JSON)
    HttpResponse<TokenAnswer> login(@Nullable @Body Login body) {
        if (body == null || body.email() == null || body.email().isBlank()) {
            throw new InvalidRequestException("email", "required");
        }
        if (body.password() == null || body.password().isEmpty()) {
            throw new InvalidRequestException("password", "required");
        }
        return noStore(HttpResponse.ok(TokenAnswer.of(sessions.login(body.email(), body.password()))));
    }

    @Post(value = "/refresh", consumes = MediaType.APPLICATION_JSON)
    HttpResponse<TokenAnswer> refresh(@Nullable @Body Refresh body) {
        String token = refreshToken(body == null ? null : body.refreshToken());
        return noStore(HttpResponse.ok(TokenAnswer.of(sessions.refresh(token))));
    }

    @Post(value = "/logout", consumes = MediaType.APPLICATION_JSON)
    HttpResponse<Void> logout(@Nullable @Body Logout body) {
        sessions.logout(refreshToken(body == null ? null : body.refreshToken()),
                body != null && Boolean.TRUE.equals(body.everywhere()));
        return HttpResponse.noContent();
    }

    /** The caller (a user's access token) changes their own password; then they log in again with it. */
    @Post(value = "/password", consumes = MediaType.APPLICATION_JSON)
    HttpResponse<Void> changePassword(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                      @Nullable @Body PasswordChange body) {
        Principal caller = callers.authenticate(authorization);
        if (body == null || body.currentPassword() == null || body.currentPassword().isEmpty()) {
            throw new InvalidRequestException("current_password", "required");
        }
        String problem = Passwords.problem(body.newPassword());
        if (problem != null) {
            throw new InvalidRequestException("new_password", problem);
        }
        users.changeOwnPassword(caller, body.currentPassword(), body.newPassword());
        return noStore(HttpResponse.noContent());
    }

    /** Signing keys serve every tenant: only admins of the first (bootstrap) tenant, the operators, rotate them. */
    @Post("/signing-keys/rotate")
    Rotated rotate(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        Principal admin = callers.admin(authorization);
        if (!admin.tenantId().equals(identities.ensureTenant(bootstrap.getTenant()))) {
            throw new ForbiddenException("operators-only", "only admins of the operators' tenant rotate signing keys");
        }
        String kid = signingKeys.rotate();
        audit.record(admin.tenantId(), admin.actor(), AuditEntry.SIGNING_KEY_ROTATED, "signing-key:" + kid, Map.of());
        return new Rotated(kid);
    }

    private static String refreshToken(@Nullable String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidRequestException("refresh_token", "required");
        }
        return token;
    }

    private static <T> HttpResponse<T> noStore(io.micronaut.http.MutableHttpResponse<T> response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
