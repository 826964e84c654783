package io.inferline.api.application.webhooks;

import io.inferline.api.config.WebhookProperties;
import io.inferline.api.domain.Caller;
import io.inferline.common.error.NotFoundException;
import io.inferline.common.error.UnprocessableRequestException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;

/** What callers do with webhooks: endpoints, signing secrets, the delivery log, replays. */
@Singleton
public class WebhookService {

    private final WebhookStore store;
    private final WebhookUrlPolicy urls;
    private final WebhookDispatcher dispatcher;
    private final WebhookProperties properties;

    public WebhookService(WebhookStore store, WebhookUrlPolicy urls, WebhookDispatcher dispatcher,
                          WebhookProperties properties) {
        this.store = store;
        this.urls = urls;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    /** Refuses a URL webhooks may not reach, naming {@code field}. */
    public void checkUrl(String field, String url) {
        urls.refusal(url).ifPresent(reason -> {
            throw new UnprocessableRequestException("webhook-url-refused", "Webhook URL refused", field, reason);
        });
    }

    public WebhookEndpoint createEndpoint(Caller caller, String url, List<String> events) {
        checkUrl("url", url);
        return store.createEndpoint(caller.tenantId(), url, events);
    }

    public List<WebhookEndpoint> endpoints(Caller caller) {
        return store.endpoints(caller.tenantId());
    }

    public void deleteEndpoint(Caller caller, UUID id) {
        if (!store.deleteEndpoint(caller.tenantId(), id)) {
            throw new NotFoundException("webhook endpoint", id);
        }
    }

    public List<String> secrets(Caller caller) {
        return store.signingSecrets(caller.tenantId());
    }

    public String rotateSecret(Caller caller) {
        return store.rotateSecret(caller.tenantId(), properties.getRotationOverlap());
    }

    public List<DeliveryLog> deliveriesOfJob(Caller caller, UUID jobId) {
        return store.deliveriesOfJob(caller.tenantId(), jobId);
    }

    public List<DeliveryLog> deliveriesOfEndpoint(Caller caller, UUID endpointId) {
        if (store.endpoints(caller.tenantId()).stream().noneMatch(e -> e.id().equals(endpointId))) {
            throw new NotFoundException("webhook endpoint", endpointId);
        }
        return store.deliveriesOfEndpoint(caller.tenantId(), endpointId);
    }

    public void replay(Caller caller, String deliveryId) {
        if (!store.replay(caller.tenantId(), deliveryId)) {
            throw new NotFoundException("webhook delivery", deliveryId);
        }
        dispatcher.wake();
    }
}
