package io.inferline.auth.adapter.http;

import io.inferline.auth.application.SigningKeys;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The public signing keys as a JWKS (RFC 7517), for every service and Istio's RequestAuthentication. Cacheable for
 * a minute: a verifier meeting an unknown key id fetches again anyway.
 */
@Controller("/.well-known/jwks.json")
@ExecuteOn(TaskExecutors.BLOCKING)
class JwksController {

    private final SigningKeys signingKeys;

    JwksController(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    @Get(produces = "application/jwk-set+json")
    HttpResponse<String> jwks() {
        return HttpResponse.ok(signingKeys.publicKeys().toString(true))
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=60");
    }
}
