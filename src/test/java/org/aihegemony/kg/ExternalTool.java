package org.aihegemony.kg;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real program a test runs (python3, jupyter, chromium). Outside CI a missing program skips the test
 * with a message saying what to install; in CI ({@code CI=true}) it fails it, so CI never passes by
 * skipping.
 */
public final class ExternalTool {
    private ExternalTool() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or, in CI, fails) the test with the given reason. */
    public static void unavailable(String reason) {
        if (inCi())
            throw new AssertionError(reason + " (required in CI; .ci/run installs it)");
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /** The first of the candidates that is an executable file, or on the PATH. */
    public static Optional<Path> find(String... candidates) {
        for (String c : candidates) {
            if (c.contains("/")) {
                Path p = Path.of(c);
                if (Files.isExecutable(p))
                    return Optional.of(p);
                continue;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir).resolve(c);
                if (Files.isExecutable(p))
                    return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The program, or the test is skipped (failed in CI) naming the package that provides it. */
    public static Path require(String debianPackage, String... candidates) {
        Optional<Path> p = find(candidates);
        if (p.isEmpty())
            unavailable(String.join(" or ", candidates) + " not found; install Debian's " + debianPackage);
        return p.orElseThrow();
    }

    /**
     * Debian's Python, which has the packages the tests need ({@code python3-pandas}, ...): a python3
     * earlier on the PATH (pyenv, a virtualenv) may lack them.
     */
    public static Path python(String... modules) {
        for (String candidate : new String[] { "/usr/bin/python3", "python3" }) {
            Optional<Path> p = find(candidate);
            if (p.isEmpty())
                continue;
            Result r = run(List.of(p.get().toString(), "-c", "import " + String.join(", ", modules)), null, Map.of(), 60);
            if (r.code() == 0)
                return p.get();
        }
        unavailable("no python3 with the modules " + String.join(", ", modules)
                + "; install Debian's python3-pandas, python3-sparqlwrapper, python3-matplotlib");
        throw new IllegalStateException("unreachable");
    }

    /** What a finished program said. */
    public record Result(int code, String out) { }

    /** Runs a program to its end (stdout and stderr together), killing it after the time limit. */
    public static Result run(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        if (dir != null)
            pb.directory(dir.toFile());
        pb.environment().putAll(env);
        try {
            Path log = Files.createTempFile("tool", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, new String(Files.readAllBytes(log), StandardCharsets.UTF_8) + "\n[killed after " + timeoutSeconds + " s]");
                }
                return new Result(p.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            } finally {
                if (p.isAlive())
                    p.destroyForcibly();
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
