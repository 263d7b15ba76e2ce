package org.aihegemony.kg.store;

import java.util.List;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;

/** The sources parse, but the data fails its shapes or checks. */
public final class ValidationException extends KgException {
    private final List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(ErrorCode.VALIDATION, summary(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() { return violations; }

    private static String summary(List<Violation> violations) {
        long n = violations.stream().filter(Violation::blocking).count();
        return n + " violation" + (n == 1 ? "" : "s") + " found";
    }
}
