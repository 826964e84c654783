package io.inferline.backends.domain;

/** The backend answered with an error; {@code type} is the stable name the job's error carries. */
public class BackendException extends Exception {

    private final String type;

    public BackendException(String type, String message) {
        super(message);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
