package io.inferline.common.error;

/** The caller is known but may not do this. */
public class ForbiddenException extends InferlineException {

    public ForbiddenException(String type, String detail) {
        super(403, type, "Forbidden", detail);
    }
}
