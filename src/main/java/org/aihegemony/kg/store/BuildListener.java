package org.aihegemony.kg.store;

/** Hears the steps of a long operation; the command line prints them, tests ignore them. */
@FunctionalInterface
public interface BuildListener {
    BuildListener NONE = message -> { };

    void step(String message);
}
