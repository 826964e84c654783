package io.inferline.common.error;

/** The resource does not exist, or belongs to another tenant (both are 404 so ids leak nothing). */
public class NotFoundException extends InferlineException {

    public NotFoundException(String what, Object id) {
        super(404, "not-found", "Not found", what + " " + id + " does not exist");
    }
}
