package io.inferline.common.error;

/** No credentials, or credentials that are not (or no longer) valid. */
public class UnauthorizedException extends InferlineException {

    public UnauthorizedException(String detail) {
        super(401, "unauthorized", "Unauthorized", detail);
    }
}
