package org.aihegemony.kg.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import sun.misc.Signal;

/**
 * Gives each long-running command the JVM it needs, as other Java servers' and build tools' launchers do.
 * Started as {@code java -jar}, it starts the same jar again in a second JVM, passes signals on, and exits
 * with that JVM's exit code:
 * <ul>
 * <li>{@code serve} with no heap option: a JVM with {@link #DEFAULT_OPTIONS} (or {@code KG_JAVA_OPTS}).
 * Without this, the JVM may take a quarter of the machine's memory and keep it.</li>
 * <li>{@code build} and {@code validate} with no garbage collector chosen: this JVM's own options (its
 * {@code -Xmx} included) and {@link #BATCH_OPTIONS}, the throughput collector. A build is a batch job
 * that allocates at a high rate and never waits on a user: G1's pause-time machinery (write barriers,
 * concurrent refinement) cost a 1 M-triple build 15 % of its CPU and 11 % of its time. From
 * {@link #LARGE_SOURCES} of RDF sources on, also {@link #LARGE_OPTIONS}: without tiered compilation the
 * JIT compiles fewer methods, each once, straight to optimised code (and inlines less: see there) — slower to start (the article's build
 * takes 14-15 s instead of 8), cheaper for a long build (on 2 cores: 100 K triples 25 s tiered against
 * 30-37 s without; 400 K 51-54 s against 48-49 s; 1 M 91-103 s against 80-81 s, CPU -16 %).</li>
 * </ul>
 * The second JVM exits when the first one dies, so killing the launcher never leaves it behind.
 * {@code KG_RELAUNCH=false} runs every command in the first JVM.
 */
final class Launcher {
    /**
     * Heap 256 MiB; thread stacks, metaspace, JIT code and direct buffers bounded too; G1 returns unused
     * heap to the system after 10 s idle. Measured resident memory: README, "Memory".
     */
    static final String DEFAULT_OPTIONS = "-Xms32m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=128m "
            + "-XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+UseG1GC -XX:G1PeriodicGCInterval=10000 "
            + "-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-UsePerfData";
    /** Added to a build's own JVM options: the throughput collector. */
    static final String BATCH_OPTIONS = "-XX:+UseParallelGC";
    /**
     * Added too when the RDF sources hold at least {@link #LARGE_SOURCES} bytes (unless tiering is set; an
     * inlining size of the user's is kept): no tiers, and C2 inlining hot callees of up to 100 bytecodes, not
     * 325 — on 2 cores the JIT spent a quarter of a 1 M build's CPU (26-36 of 100-119 s) compiling, and with
     * smaller inlining 15-18 s, the build as fast or faster (README, "How the store is built").
     */
    static final String LARGE_OPTIONS = "-XX:-TieredCompilation -XX:FreqInlineSize=100";
    static final long LARGE_SOURCES = 64L << 20;
    /** Set in the second JVM, so it never starts a third. */
    static final String LAUNCHED = "aihegemony.launched";
    static final String ENV_OPTIONS = "KG_JAVA_OPTS";

    private Launcher() {}

    /** A hand-over: the jar to start again, the JVM options to start it with, and whether it serves. */
    record Handover(Path jar, List<String> options, boolean serves) { }

    /** The hand-over this JVM should make for these arguments, if any; empty to run here. */
    static Optional<Handover> relaunch(String[] args) {
        if (System.getProperty(LAUNCHED) != null || "false".equals(System.getenv("KG_RELAUNCH")))
            return Optional.empty();
        Optional<List<String>> options = options(args, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getenv(ENV_OPTIONS), () -> sourceBytes(args));
        if (options.isEmpty())
            return Optional.empty();
        try {
            Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(jar) && jar.toString().endsWith(".jar")
                    ? Optional.of(new Handover(jar, options.get(), command(args).equals("serve"))) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The second JVM's options for a command line run in a JVM started with {@code jvmArgs}, or empty when
     * the command runs in this JVM: help and version, any command but serve, build and validate, serve with
     * a heap option, a build with a collector of its own choosing or with an agent, a debugger or a flight
     * recording attached to this JVM (they belong to the JVM they were given to). {@code sourceBytes} is
     * asked only for a build.
     */
    static Optional<List<String>> options(String[] args, List<String> jvmArgs, String envOptions, LongSupplier sourceBytes) {
        String command = command(args);
        List<String> a = Arrays.asList(args);
        if (a.contains("--help") || a.contains("-h") || a.contains("--version") || a.contains("-V"))
            return Optional.empty();
        List<String> options = new ArrayList<>();
        switch (command) {
            case "serve" -> {
                for (String jvmArg : jvmArgs)
                    if (jvmArg.startsWith("-Xmx") || jvmArg.startsWith("-XX:MaxRAM") || jvmArg.startsWith("-XX:MaxHeapSize"))
                        return Optional.empty();
                options.addAll(split(envOptions != null && !envOptions.isBlank() ? envOptions : DEFAULT_OPTIONS));
                // System properties and agents given to this JVM go to the server's too.
                for (String jvmArg : jvmArgs)
                    if (jvmArg.startsWith("-D") || jvmArg.startsWith("-javaagent"))
                        options.add(jvmArg);
            }
            case "build", "validate" -> {
                for (String jvmArg : jvmArgs)
                    if (jvmArg.matches("-XX:[+-]Use\\w*GC") || INSTRUMENTS.stream().anyMatch(jvmArg::startsWith))
                        return Optional.empty();
                options.addAll(jvmArgs);
                options.addAll(split(BATCH_OPTIONS));
                if (jvmArgs.stream().noneMatch(o -> o.contains("Tiered")) && sourceBytes.getAsLong() >= LARGE_SOURCES)
                    for (String large : split(LARGE_OPTIONS))
                        if (!large.startsWith("-XX:FreqInlineSize") || jvmArgs.stream().noneMatch(o -> o.startsWith("-XX:FreqInlineSize")))
                            options.add(large);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(options);
    }

    /** JVM options that attach something to this JVM: a build given one of them runs here. */
    private static final List<String> INSTRUMENTS = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrun", "-Xdebug",
            "-XX:StartFlightRecording", "-XX:FlightRecorderOptions");

    private static String command(String[] args) {
        return args.length > 0 && !args[0].startsWith("-") ? args[0] : "serve";
    }

    /**
     * The bytes of the RDF files a command line's {@code --sources} folder holds (its ontology/ and rdf/),
     * 0 for the sources inside the jar or when the line does not parse (the command then says why).
     */
    static long sourceBytes(String[] args) {
        String dir;
        try {
            dir = Options.parse(args).values.get("--sources");
        } catch (RuntimeException e) {
            return 0;
        }
        if (dir == null)
            return 0;
        long bytes = 0;
        for (String folder : new String[] { "ontology", "rdf" }) {
            Path f = Path.of(dir, folder);
            if (!Files.isDirectory(f))
                continue;
            try (var files = Files.walk(f)) {
                bytes += files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (IOException | java.io.UncheckedIOException e) {
                // unreadable: the build says so
            }
        }
        return bytes;
    }

    private static List<String> split(String options) {
        return Arrays.asList(options.trim().split("\\s+"));
    }

    /** Runs the jar in a second JVM with the same arguments; returns its exit code. */
    static int run(Handover handover, String[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(handover.options());
        cmd.add("-D" + LAUNCHED + "=" + ProcessHandle.current().pid());
        cmd.add("-jar");
        cmd.add(handover.jar().toString());
        cmd.addAll(Arrays.asList(args));
        Process second = new ProcessBuilder(cmd).inheritIO().start();
        for (String sig : new String[] { "TERM", "INT", "HUP" }) {
            try {
                Signal.handle(new Signal(sig), s -> second.destroy());
            } catch (IllegalArgumentException e) {
                // A signal this platform does not have.
            }
        }
        return second.waitFor();
    }

    /** In the second JVM: exit (gracefully, through the shutdown hooks) when the launcher is gone. */
    static void followLauncher() {
        String pid = System.getProperty(LAUNCHED);
        if (pid == null)
            return;
        try {
            ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        } catch (NumberFormatException e) {
            // Set by hand: nothing to follow.
        }
    }
}
