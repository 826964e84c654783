package io.inferline.auth.adapter.http;

import io.inferline.access.Roles;
import io.inferline.auth.application.Callers;
import io.inferline.auth.application.UserService;
import io.inferline.auth.domain.Passwords;
import io.inferline.auth.domain.UserInfo;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The users of the caller's tenant, for its admins: created, listed, given another role, disabled, enabled. */
@Controller("/v1/users")
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController {

    private static final String ROLES = "one of admin, member, viewer";

    private final UserService users;
    private final Callers callers;

    UserController(UserService users, Callers callers) {
        this.users = users;
        this.callers = callers;
    }

    @Serdeable
    record NewUser(@Nullable String email, @Nullable String password, @Nullable String role) {
    }

    @Serdeable
    record Change(@Nullable String role, @Nullable Boolean disabled) {
    }

    @Serdeable
    record Users(List<UserInfo> data) {
    }

    @Serdeable
    record NewPassword(@Nullable String password) {
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    HttpResponse<UserInfo> create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                  @Nullable @Body NewUser body) {
        var admin = callers.admin(authorization);
        if (body == null) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        var errors = new ArrayList<FieldError>();
        if (body.email() == null || !body.email().matches("[^@\\s]+@[^@\\s]+") || body.email().length() > 254) {
            errors.add(new FieldError("email", "must be an email address"));
        }
        String passwordProblem = Passwords.problem(body.password());
        if (passwordProblem != null) {
            errors.add(new FieldError("password", passwordProblem));
        }
        Roles role = Roles.of(body.role()).orElse(null);
        if (role == null) {
            errors.add(new FieldError("role", ROLES));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return HttpResponse.created(users.create(admin, body.email(), body.password(), role));
    }

    @Get
    Users list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return new Users(users.list(callers.admin(authorization)));
    }

    @Patch(value = "/{id}", consumes = MediaType.APPLICATION_JSON)
    UserInfo change(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                    @Nullable @Body Change body) {
        var admin = callers.admin(authorization);
        UUID userId = userId(id);
        if (body == null || (body.role() == null && body.disabled() == null)) {
            throw new InvalidRequestException("body", "name a role and/or disabled");
        }
        Roles role = null;
        if (body.role() != null) {
            role = Roles.of(body.role()).orElseThrow(() -> new InvalidRequestException("role", ROLES));
        }
        return users.update(admin, userId, role, body.disabled());
    }

    /** An admin sets a user's password (the user forgot theirs); the user's sessions and access tokens end. */
    @Post(value = "/{id}/password", consumes = MediaType.APPLICATION_JSON)
    HttpResponse<Void> resetPassword(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathVariable String id, @Nullable @Body NewPassword body) {
        var admin = callers.admin(authorization);
        UUID userId = userId(id);
        String problem = Passwords.problem(body == null ? null : body.password());
        if (problem != null) {
            throw new InvalidRequestException("password", problem);
        }
        users.resetPassword(admin, userId, body.password());
        return HttpResponse.noContent();
    }

    private static UUID userId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("user", id);
        }
    }
}
