package org.aihegemony.kg.store;

/**
 * One problem found by validation.
 *
 * @param source   the shape or check file that found it (e.g. {@code queries/checks/missing-label-violation.rq})
 * @param focus    the resource it concerns, as an IRI or literal in N-Triples form, or empty
 * @param message  what is wrong
 * @param blocking whether it fails the build (SHACL violations and check rows do; SHACL warnings do not)
 */
public record Violation(String source, String focus, String message, boolean blocking) {
    @Override
    public String toString() {
        return (blocking ? "" : "(warning) ") + source + ": " + (focus.isEmpty() ? "" : focus + ": ") + message;
    }
}
