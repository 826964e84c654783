package io.inferline.inference.domain;

/** A model server a worker can run a job against (an OpenAI-compatible server, the simulator, ...). */
public interface Backend {

    /** The name jobs refer to it by, e.g. {@code simulator}. */
    String kind();

    /** Runs the call; an interrupt means the job was canceled or ran out of time, and must end the call. */
    BackendResult invoke(BackendCall call) throws BackendException, InterruptedException;
}
