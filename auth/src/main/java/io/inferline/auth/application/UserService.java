package io.inferline.auth.application;

import io.inferline.access.Roles;
import io.inferline.auth.domain.AuditEntry;
import io.inferline.auth.domain.Passwords;
import io.inferline.auth.domain.Principal;
import io.inferline.auth.domain.User;
import io.inferline.auth.domain.UserInfo;
import io.inferline.common.error.ForbiddenException;
import io.inferline.common.error.NotFoundException;
import io.inferline.common.error.UnprocessableRequestException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A tenant's admins manage its users; another tenant's users do not exist for them (404). */
@Singleton
public class UserService {

    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final AccessTokenVoids accessTokenVoids;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(UserStore users, RefreshTokenStore refreshTokens, AccessTokenVoids accessTokenVoids,
                       AuditLog audit, Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.accessTokenVoids = accessTokenVoids;
        this.audit = audit;
        this.clock = clock;
    }

    public UserInfo create(Principal admin, String email, String password, Roles role) {
        User user = users.create(admin.tenantId(), email.strip().toLowerCase(Locale.ROOT), role, Passwords.hash(password));
        audit.record(admin.tenantId(), admin.actor(), AuditEntry.USER_CREATED, "user:" + user.id(),
                Map.of("email", user.email(), "role", role.wireName()));
        return user.info();
    }

    public List<UserInfo> list(Principal admin) {
        return users.list(admin.tenantId()).stream().map(User::info).toList();
    }

    /**
     * Changes role and/or disables (null: unchanged). Either voids the user's access tokens first (a token names
     * the role it was issued with), so a failure to void changes nothing; disabling also ends the user's sessions.
     */
    public UserInfo update(Principal admin, UUID userId, Roles role, Boolean disabled) {
        User before = users.byId(admin.tenantId(), userId).orElseThrow(() -> new NotFoundException("user", userId));
        if (admin.actor().equals("user:" + userId) && (Boolean.TRUE.equals(disabled)
                || (role != null && role != Roles.ADMIN))) {
            throw new UnprocessableRequestException("own-admin", "Cannot demote yourself", role != null ? "role"
                    : "disabled", "an admin cannot demote or disable themselves; ask another admin");
        }
        if ((role != null && role != before.role()) || (Boolean.TRUE.equals(disabled) && !before.disabled())) {
            accessTokenVoids.voidAll(userId);
        }
        var now = clock.instant();
        User after = users.update(admin.tenantId(), userId, role, disabled, now)
                .orElseThrow(() -> new NotFoundException("user", userId));
        if (after.role() != before.role()) {
            var details = new LinkedHashMap<String, Object>();
            details.put("email", after.email());
            details.put("from", before.role().wireName());
            details.put("to", after.role().wireName());
            audit.record(admin.tenantId(), admin.actor(), AuditEntry.USER_ROLE_CHANGED, "user:" + userId, details);
        }
        if (after.disabled() != before.disabled()) {
            if (after.disabled()) {
                refreshTokens.revokeAllOf(userId, now);
            }
            audit.record(admin.tenantId(), admin.actor(), after.disabled() ? AuditEntry.USER_DISABLED
                    : AuditEntry.USER_ENABLED, "user:" + userId, Map.of("email", after.email()));
        }
        return after.info();
    }

    /**
     * The user changes their own password, proving the current one. Their other sessions end and every access
     * token of theirs (this caller's too) stops working: they log in again with the new password.
     */
    public void changeOwnPassword(Principal caller, String currentPassword, String newPassword) {
        UUID userId = caller.userId().orElseThrow(() -> new ForbiddenException("user-only",
                "only a user changes their own password; send a user's access token, not an API key"));
        User user = users.byId(caller.tenantId(), userId).orElseThrow(() -> new NotFoundException("user", userId));
        if (!Passwords.verify(currentPassword, user.passwordHash())) {
            throw new UnprocessableRequestException("wrong-password", "Wrong password", "current_password",
                    "is not the user's password");
        }
        replacePassword(user, newPassword);
        audit.record(caller.tenantId(), caller.actor(), AuditEntry.USER_PASSWORD_CHANGED, "user:" + userId,
                Map.of("email", user.email()));
    }

    /** A tenant admin sets a user's password; the user's sessions and access tokens end as on a change. */
    public void resetPassword(Principal admin, UUID userId, String newPassword) {
        User user = users.byId(admin.tenantId(), userId).orElseThrow(() -> new NotFoundException("user", userId));
        replacePassword(user, newPassword);
        audit.record(admin.tenantId(), admin.actor(), AuditEntry.USER_PASSWORD_RESET, "user:" + userId,
                Map.of("email", user.email()));
    }

    private void replacePassword(User user, String newPassword) {
        String hash = Passwords.hash(newPassword);
        accessTokenVoids.voidAll(user.id());
        if (!users.setPassword(user.tenantId(), user.id(), hash)) {
            throw new NotFoundException("user", user.id());
        }
        refreshTokens.revokeAllOf(user.id(), clock.instant());
    }
}
