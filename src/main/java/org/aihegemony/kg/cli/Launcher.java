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

import sun.misc.Signal;

/**
 * Gives the server a bounded JVM, as other Java servers' launchers do. Started as {@code java -jar} for
 * {@code serve} with no heap option, it starts the same jar again in a JVM with {@link #DEFAULT_OPTIONS}
 * (or {@code KG_JAVA_OPTS}), passes signals on, and exits with that JVM's exit code. Without this, the JVM
 * may take a quarter of the machine's memory and keep it.
 * <p>
 * The second JVM exits when the first one dies, so killing the launcher never leaves a server behind.
 */
final class Launcher {
    /**
     * Heap 256 MiB; thread stacks, metaspace, JIT code and direct buffers bounded too; G1 returns unused
     * heap to the system after 10 s idle. Measured resident memory: README, "Memory".
     */
    static final String DEFAULT_OPTIONS = "-Xms32m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=128m "
            + "-XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+UseG1GC -XX:G1PeriodicGCInterval=10000 "
            + "-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-UsePerfData";
    /** Set in the second JVM, so it never starts a third. */
    static final String LAUNCHED = "aihegemony.launched";
    static final String ENV_OPTIONS = "KG_JAVA_OPTS";

    private Launcher() {}

    /** The jar to start again, when this JVM should hand over to a bounded one; empty to run here. */
    static Optional<Path> relaunchJar(String[] args) {
        if (System.getProperty(LAUNCHED) != null || "false".equals(System.getenv("KG_RELAUNCH")))
            return Optional.empty();
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "serve";
        List<String> a = Arrays.asList(args);
        if (!command.equals("serve") || a.contains("--help") || a.contains("-h") || a.contains("--version") || a.contains("-V"))
            return Optional.empty();
        for (String jvmArg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (jvmArg.startsWith("-Xmx") || jvmArg.startsWith("-XX:MaxRAM") || jvmArg.startsWith("-XX:MaxHeapSize"))
                return Optional.empty();
        }
        try {
            Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(jar) && jar.toString().endsWith(".jar") ? Optional.of(jar) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Runs the jar in a bounded JVM with the same arguments; returns its exit code. */
    static int run(Path jar, String[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String env = System.getenv(ENV_OPTIONS);
        cmd.addAll(Arrays.asList((env != null && !env.isBlank() ? env : DEFAULT_OPTIONS).trim().split("\\s+")));
        // System properties and agents given to this JVM go to the server's too.
        for (String jvmArg : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (jvmArg.startsWith("-D") || jvmArg.startsWith("-javaagent"))
                cmd.add(jvmArg);
        cmd.add("-D" + LAUNCHED + "=" + ProcessHandle.current().pid());
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(Arrays.asList(args));
        Process server = new ProcessBuilder(cmd).inheritIO().start();
        for (String sig : new String[] { "TERM", "INT", "HUP" }) {
            try {
                Signal.handle(new Signal(sig), s -> server.destroy());
            } catch (IllegalArgumentException e) {
                // A signal this platform does not have.
            }
        }
        return server.waitFor();
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
