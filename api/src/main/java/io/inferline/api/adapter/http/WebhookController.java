package io.inferline.api.adapter.http;

import io.inferline.api.application.webhooks.DeliveryLog;
import io.inferline.api.application.webhooks.WebhookEndpoint;
import io.inferline.api.application.webhooks.WebhookService;
import io.inferline.api.domain.Scope;
import io.inferline.api.domain.WebhookEvent;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Webhooks: the tenant's endpoints, its signing secrets (Standard Webhooks {@code whsec_}), the delivery log of a
 * job or an endpoint, and replay.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class WebhookController {

    private static final List<String> EVENT_NAMES = Arrays.stream(WebhookEvent.values())
            .map(WebhookEvent::filterName).toList();

    private final RequestGate gate;
    private final WebhookService webhooks;

    WebhookController(RequestGate gate, WebhookService webhooks) {
        this.gate = gate;
        this.webhooks = webhooks;
    }

    @Serdeable
    record Secrets(List<String> secrets) {
    }

    @Serdeable
    record Endpoints(List<WebhookEndpoint> data) {
    }

    @Serdeable
    record Deliveries(List<DeliveryLog> data) {
    }

    /** The secrets deliveries are signed with now, newest first (two during a rotation's overlap). */
    @Get("/v1/webhooks/secret")
    Secrets secrets(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return new Secrets(webhooks.secrets(gate.enter(authorization, Scope.ADMIN)));
    }

    /** A new secret signs from now on; the previous one keeps signing too until the overlap ends. */
    @Post("/v1/webhooks/secret/rotate")
    Secrets rotate(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        var caller = gate.enter(authorization, Scope.ADMIN);
        webhooks.rotateSecret(caller);
        return new Secrets(webhooks.secrets(caller));
    }

    @Post(value = "/v1/webhooks/endpoints", consumes = MediaType.APPLICATION_JSON)
    HttpResponse<WebhookEndpoint> createEndpoint(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                 @Nullable @Body JsonNode body) {
        var caller = gate.enter(authorization, Scope.ADMIN);
        var errors = new ArrayList<FieldError>();
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        JsonNode url = body.get("url");
        if (url == null || !url.isString()) {
            errors.add(new FieldError("url", "required, an http or https URL"));
        }
        List<String> events = readEvents(body.get("events"), errors);
        for (var entry : body.entries()) {
            if (!entry.getKey().equals("url") && !entry.getKey().equals("events")) {
                errors.add(new FieldError(entry.getKey(), "unknown field"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return HttpResponse.created(webhooks.createEndpoint(caller, url.getStringValue(), events));
    }

    @Get("/v1/webhooks/endpoints")
    Endpoints endpoints(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return new Endpoints(webhooks.endpoints(gate.enter(authorization, Scope.ADMIN)));
    }

    /** Stops deliveries to the endpoint; its delivery log stays readable. */
    @Delete("/v1/webhooks/endpoints/{id}")
    HttpResponse<Void> deleteEndpoint(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathVariable String id) {
        webhooks.deleteEndpoint(gate.enter(authorization, Scope.ADMIN), uuid("webhook endpoint", id));
        return HttpResponse.noContent();
    }

    @Get("/v1/webhooks/endpoints/{id}/deliveries")
    Deliveries endpointDeliveries(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                  @PathVariable String id) {
        return new Deliveries(webhooks.deliveriesOfEndpoint(gate.enter(authorization, Scope.ADMIN),
                uuid("webhook endpoint", id)));
    }

    @Get("/v1/jobs/{id}/deliveries")
    Deliveries jobDeliveries(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                             @PathVariable String id) {
        return new Deliveries(webhooks.deliveriesOfJob(gate.enter(authorization, Scope.JOBS_READ), uuid("job", id)));
    }

    /** Sends the delivery again now, with the same {@code webhook-id}, and a fresh retry schedule. */
    @Post("/v1/webhooks/deliveries/{id}/replay")
    HttpResponse<Void> replay(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                              @PathVariable String id) {
        webhooks.replay(gate.enter(authorization, Scope.JOBS_WRITE), id);
        return HttpResponse.accepted();
    }

    private static List<String> readEvents(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of("completed");
        }
        var events = new ArrayList<String>();
        if (node.isArray()) {
            for (JsonNode item : node.values()) {
                if (item.isString() && EVENT_NAMES.contains(item.getStringValue())) {
                    events.add(item.getStringValue());
                }
            }
        }
        if (events.isEmpty() || !node.isArray() || events.size() != node.size()) {
            errors.add(new FieldError("events", "must be a non-empty array of start, output, completed"));
        }
        return events.stream().distinct().toList();
    }

    private static UUID uuid(String what, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(what, id);
        }
    }
}
