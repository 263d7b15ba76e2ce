package org.aihegemony.kg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which commands hand over to a second JVM, and with which options ({@link Launcher#options}). */
class TestLauncher {
    @TempDir
    Path tmp;

    private static Optional<List<String>> options(List<String> jvmArgs, String... args) {
        return Launcher.options(args, jvmArgs, null, () -> 0);
    }

    @Test
    void aBuildKeepsItsOwnOptionsAndGetsTheThroughputCollector() {
        assertEquals(Optional.of(List.of("-Xmx1g", "-Dx=y", "-XX:+UseParallelGC")),
                options(List.of("-Xmx1g", "-Dx=y"), "build", "--sources", "s"),
                "build: this JVM's heap and properties, then the throughput collector");
        assertEquals(Optional.of(List.of("-XX:+UseParallelGC")), options(List.of(), "validate"),
                "validate is a build that keeps nothing: same collector");
    }

    @Test
    void aLargeBuildAlsoCompilesWithoutTiers() throws Exception {
        assertEquals(Optional.of(List.of("-Xmx1g", "-XX:+UseParallelGC", "-XX:-TieredCompilation", "-XX:FreqInlineSize=100")),
                Launcher.options(new String[] { "build" }, List.of("-Xmx1g"), null, () -> Launcher.LARGE_SOURCES),
                "from 64 MiB of sources on: no tiered compilation, smaller inlining");
        assertEquals(Optional.of(List.of("-XX:FreqInlineSize=200", "-XX:+UseParallelGC", "-XX:-TieredCompilation")),
                Launcher.options(new String[] { "build" }, List.of("-XX:FreqInlineSize=200"), null, () -> Launcher.LARGE_SOURCES),
                "an inlining size of the user's is kept as it is");
        assertEquals(Optional.of(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC")),
                Launcher.options(new String[] { "build" }, List.of("-XX:TieredStopAtLevel=1"), null, () -> Launcher.LARGE_SOURCES),
                "a tiering option of the user's is kept as it is");
        assertEquals(Optional.of(List.of("-XX:+UseParallelGC")),
                Launcher.options(new String[] { "build" }, List.of(), null, () -> Launcher.LARGE_SOURCES - 1), "below: tiered");
        Path sources = tmp.resolve("s");
        Files.createDirectories(sources.resolve("rdf/sub"));
        Files.createDirectories(sources.resolve("ontology"));
        Files.createDirectories(sources.resolve("queries"));
        Files.write(sources.resolve("rdf/sub/a.nq"), new byte[1000]);
        Files.write(sources.resolve("ontology/o.ttl"), new byte[24]);
        Files.write(sources.resolve("queries/q.rq"), new byte[500]);
        assertEquals(1024, Launcher.sourceBytes(new String[] { "build", "--sources", sources.toString() }),
                "the RDF files under ontology/ and rdf/, not the queries");
        assertEquals(1024, Launcher.sourceBytes(new String[] { "build", "--sources=" + sources }), "--sources=DIR too");
        assertEquals(0, Launcher.sourceBytes(new String[] { "build" }), "the jar's own sources count as small");
        assertEquals(0, Launcher.sourceBytes(new String[] { "build", "--bogus" }), "a line that does not parse: 0");
    }

    @Test
    void aBuildWithACollectorOfItsOwnRunsHere() {
        assertEquals(Optional.empty(), options(List.of("-Xmx1g", "-XX:+UseG1GC"), "build"),
                "a collector chosen by the user is kept: no hand-over");
        assertEquals(Optional.empty(), options(List.of("-XX:+UseSerialGC"), "validate"),
                "same for validate");
        assertEquals(Optional.empty(), options(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"), "build"),
                "a debugger attached to this JVM: the build runs here (a second JVM could not take the port)");
        assertEquals(Optional.empty(), options(List.of("-XX:StartFlightRecording=filename=b.jfr"), "build"),
                "a flight recording of this JVM: the build runs here, in the recorded JVM");
    }

    @Test
    void serveWithoutAHeapGetsTheBoundedOptions() {
        Optional<List<String>> serve = options(List.of("-Dk=v", "-XX:+UseParallelGC"), "serve");
        assertTrue(serve.isPresent(), "serve without -Xmx hands over");
        assertTrue(serve.get().containsAll(List.of("-Xmx256m", "-XX:+UseG1GC", "-Dk=v")),
                "the server's bounded options and this JVM's properties: " + serve);
        assertTrue(!serve.get().contains("-XX:+UseParallelGC"), "no other JVM options of this one: " + serve);
        assertEquals(Optional.of(List.of("-Xmx128m")), Launcher.options(new String[] { "--port", "0" }, List.of(), "-Xmx128m", () -> 0),
                "no command means serve; KG_JAVA_OPTS replaces the bounded options");
        assertEquals(Optional.empty(), options(List.of("-Xmx512m"), "serve"), "serve with a heap of its own runs here");
    }

    @Test
    void otherCommandsAndHelpRunHere() {
        assertEquals(Optional.empty(), options(List.of(), "query", "q.rq"), "query runs here");
        assertEquals(Optional.empty(), options(List.of(), "build", "--help"), "help runs here");
        assertEquals(Optional.empty(), options(List.of(), "--version"), "version runs here");
    }
}
