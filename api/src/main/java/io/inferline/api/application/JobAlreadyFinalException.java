package io.inferline.api.application;

import io.inferline.common.error.InferlineException;
import io.inferline.contracts.v1.jobs.JobStatus;

import java.util.UUID;

/** A job that already ended cannot be canceled. */
public class JobAlreadyFinalException extends InferlineException {

    public JobAlreadyFinalException(UUID id, JobStatus status) {
        super(409, "job-already-final", "Job already final", "job " + id + " already " + status.wireName());
    }
}
