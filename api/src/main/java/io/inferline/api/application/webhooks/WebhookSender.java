package io.inferline.api.application.webhooks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends one signed webhook request; never blocks the caller, never fails the future (errors are results). */
public interface WebhookSender {

    CompletableFuture<SendResult> send(String url, Map<String, String> headers, String body);
}
