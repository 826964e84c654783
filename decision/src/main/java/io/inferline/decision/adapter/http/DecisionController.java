package io.inferline.decision.adapter.http;

import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.UnprocessableRequestException;
import io.inferline.contracts.v1.decisions.DecisionExplanation;
import io.inferline.contracts.v1.decisions.DecisionRequest;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.inferline.routing.application.Router;
import io.inferline.routing.domain.GuardHit;
import io.inferline.routing.domain.RouteRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/decisions:explain}: what would happen to a request and why, without queuing it; the same
 * decision api makes in-process. Refusals answer as they would on submission (403 naming the guard rule or the
 * model, 422 for an unknown model, 503 when nothing can serve it).
 */
@Controller("/v1")
class DecisionController {

    private final Router router;

    DecisionController(Router router) {
        this.router = router;
    }

    @Post("/decisions:explain")
    DecisionExplanation explain(@Body DecisionRequest body) {
        List<FieldError> errors = new ArrayList<>();
        if (body.tenant() == null || body.tenant().isBlank()) {
            errors.add(new FieldError("tenant", "required"));
        }
        if (body.model() == null || body.model().isBlank()) {
            errors.add(new FieldError("model", "required"));
        }
        Priority priority = Priority.NORMAL;
        if (body.priority() != null) {
            priority = Priority.parse(body.priority()).orElse(null);
            if (priority == null) {
                errors.add(new FieldError("priority", "one of high, normal, low"));
            }
        }
        if (body.estimatedTokens() != null && body.estimatedTokens() < 0) {
            errors.add(new FieldError("estimated_tokens", "zero or more"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        var request = new RouteRequest(body.tenant(), body.model(), priority, body.estimatedTokens(), body.stickyKey(),
                body.features(), body.input());
        var decision = router.decide(request).orElseThrow(() -> new UnprocessableRequestException("unknown-model",
                "Unknown model", "model", "no model or alias named '" + body.model() + "' is available"));
        String topic = Topics.jobRequests(decision.pool(), Priority.fromWireName(decision.lane()));
        return new DecisionExplanation(decision.requestedModel(), decision.model(), decision.version(), decision.pool(),
                topic, decision.backend(), decision.lane(),
                decision.guardHits().stream().map(GuardHit::describe).toList(), decision.input(), decision.reason());
    }
}
