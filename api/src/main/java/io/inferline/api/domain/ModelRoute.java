package io.inferline.api.domain;

import java.util.Map;

/**
 * Where a job goes: the model version, the worker pool (and so the Kafka topic), the backend adapter that runs it,
 * why this route was chosen (stored on the job), and the input to queue: the submitted one, or what guard rules
 * left of it after redaction.
 */
public record ModelRoute(String model, String version, String pool, String backend, String reason,
                         Map<String, Object> input) {

    /** The submission as it is queued: with the input the guard rules admitted. */
    public JobSubmission admitted(JobSubmission submission) {
        if (input == null || input.equals(submission.input())) {
            return submission;
        }
        return new JobSubmission(submission.model(), input, submission.priority(), submission.ttl(),
                submission.deadline(), submission.webhook(), submission.webhookEvents(), submission.metadata());
    }
}
