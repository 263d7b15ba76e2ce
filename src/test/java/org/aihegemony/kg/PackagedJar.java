package org.aihegemony.kg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shaded jar run as a user runs it, {@code java -jar target/aihegemony-kg.jar serve ...}, until it says it started. */
public final class PackagedJar implements AutoCloseable {
    private final Process process;
    /** What the server printed up to and including its "Started in" line. */
    public final String log;

    private PackagedJar(Process process, String log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("kg.jar", "target/aihegemony-kg.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged jar exists: " + jar.toAbsolutePath());
        return jar;
    }

    /** Starts {@code java -jar JAR serve ARGS...} and reads its output until it has started (or ended). */
    public static PackagedJar serve(String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar().toString(), "serve"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            StringBuilder log = new StringBuilder();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                if (line.startsWith("Started in"))
                    break;
            }
            return new PackagedJar(p, log.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first URL printed on the line that starts with {@code label}, or null. */
    public String url(String label) {
        for (String line : log.split("\n")) {
            String t = line.strip();
            if (t.startsWith(label)) {
                var m = java.util.regex.Pattern.compile("http://\\S+").matcher(t);
                if (m.find())
                    return m.group();
            }
        }
        return null;
    }

    /**
     * Sends SIGTERM (what {@link Process#destroy()} does on Unix), waits up to {@code seconds} for the
     * process to end and returns its exit code; -1 if it did not end (it is then killed).
     */
    public int terminate(long seconds) throws InterruptedException {
        process.destroy();
        if (process.waitFor(seconds, TimeUnit.SECONDS))
            return process.exitValue();
        process.destroyForcibly();
        return -1;
    }

    /** What the process printed after its "Started in" line, once it has ended. */
    public String rest() {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
            process.destroyForcibly();
    }
}
