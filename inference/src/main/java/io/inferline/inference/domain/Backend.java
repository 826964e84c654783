package io.inferline.inference.domain;

/** A model server a worker can run a job against (an OpenAI-compatible server, the simulator, ...). */
public interface Backend {

    /** The name jobs refer to it by, e.g. {@code simulator}. */
    String kind();

    BackendResult invoke(BackendCall call) throws BackendException;
}
