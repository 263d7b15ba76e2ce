package org.aihegemony.kg;

/** A failure an operation reports to its caller: a stable code and a short factual message. */
public class KgException extends RuntimeException {
    private final ErrorCode code;

    public KgException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public KgException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
