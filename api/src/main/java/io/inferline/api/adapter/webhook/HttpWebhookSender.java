package io.inferline.api.adapter.webhook;

import io.inferline.api.application.webhooks.SendResult;
import io.inferline.api.application.webhooks.WebhookSender;
import io.inferline.api.application.webhooks.WebhookUrlPolicy;
import io.inferline.api.config.WebhookProperties;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Webhook requests with the JDK's HTTP client: asynchronous, with the configured timeout, no redirects (a
 * redirect could lead past the SSRF guard), and only the first KiB of each answer kept for the delivery log.
 */
@Singleton
class HttpWebhookSender implements WebhookSender {

    private static final int KEPT_BODY_BYTES = 1024;

    private final WebhookUrlPolicy policy;
    private final Duration timeout;
    private final HttpClient client;

    HttpWebhookSender(WebhookUrlPolicy policy, WebhookProperties properties) {
        this.policy = policy;
        this.timeout = properties.getTimeout();
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.getTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @Override
    public CompletableFuture<SendResult> send(String url, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        var refusal = policy.refusal(url);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(new SendResult(null, null, null, 0,
                    "refused by the SSRF guard: " + refusal.get(), true));
        }
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new SendResult(null, null, null, millis, cause.toString(), false);
                    }
                    return new SendResult(response.statusCode(),
                            response.headers().firstValue("retry-after").map(HttpWebhookSender::retryAfter).orElse(null),
                            keep(response.body()), millis, null, false);
                });
    }

    /** {@code Retry-After} as seconds or as an HTTP date. */
    static Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String keep(byte[] body) {
        int length = Math.min(body.length, KEPT_BODY_BYTES);
        return new String(body, 0, length, StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
