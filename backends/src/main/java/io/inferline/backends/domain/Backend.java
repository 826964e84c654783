package io.inferline.backends.domain;

import java.util.Set;

/**
 * A model server a request can run against (an OpenAI-compatible server, the local embedding model, the
 * simulator, ...). Used by the inference workers for jobs and by the api for synchronous calls.
 */
public interface Backend {

    /** The backend kinds of the registry ({@code ModelVersionSpec.backendKind}) this adapter serves. */
    Set<String> kinds();

    /**
     * Runs the call on the calling thread. An interrupt means the caller gave up (the job was canceled, it ran out
     * of time, the client went away) and must end the call promptly, aborting any upstream request.
     */
    BackendResult invoke(BackendCall call) throws BackendException, InterruptedException;
}
