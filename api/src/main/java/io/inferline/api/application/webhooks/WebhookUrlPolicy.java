package io.inferline.api.application.webhooks;

import java.util.Optional;

/** Whether webhooks may be sent to a URL (the SSRF guard); checked when a URL is given and again on every send. */
public interface WebhookUrlPolicy {

    /** Why the URL may not be used, or empty when it may. */
    Optional<String> refusal(String url);
}
