package org.aihegemony.kg.store;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times the phases of a build and, while one runs, reports its count and rate every few seconds to the
 * listener (one daemon thread, only when someone listens). Ends with a one-line summary of the phases.
 */
final class BuildProgress implements AutoCloseable {
    static final long INTERVAL_MILLIS = 5_000;

    private final BuildListener listener;
    private final ScheduledExecutorService ticker;
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private volatile String phase;
    private volatile String unit = "quads";
    private volatile long phaseStart;
    private ScheduledFuture<?> tick;

    BuildProgress(BuildListener listener) {
        this.listener = listener == null ? BuildListener.NONE : listener;
        this.ticker = this.listener == BuildListener.NONE ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kg-build-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a phase (ending the one before); {@code unit} names what {@link #add} counts, or is null. */
    void phase(String name, String unit) {
        endPhase();
        this.phase = name;
        this.unit = unit;
        this.count.set(0);
        this.phaseStart = System.nanoTime();
        listener.step(name + " ...");
        if (ticker != null)
            tick = ticker.scheduleAtFixedRate(this::report, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Counts work done in the current phase; cheap enough to call per quad. */
    void add(long n) {
        count.addAndGet(n);
    }

    long count() {
        return count.get();
    }

    void step(String message) {
        listener.step(message);
    }

    private void report() {
        String p = phase;
        if (p == null)
            return;
        double secs = (System.nanoTime() - phaseStart) / 1e9;
        long n = count.get();
        if (n == 0 || unit == null) {
            listener.step(String.format(Locale.ROOT, "%s: running for %.0f s", p, secs));
            return;
        }
        double rate = secs > 0 ? n / secs : 0.0;
        // A rate under one a second (checks that take many seconds each) would print as "0 checks/s".
        listener.step(rate >= 1
                ? String.format(Locale.ROOT, "%s: %,d %s in %.0f s (%,.0f %s/s)", p, n, unit, secs, rate, unit)
                : String.format(Locale.ROOT, "%s: %,d %s in %.0f s", p, n, unit, secs));
    }

    private void endPhase() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (phase != null) {
            millis.merge(phase, (System.nanoTime() - phaseStart) / 1_000_000, Long::sum);
            phase = null;
        }
    }

    /** The time per phase so far, in milliseconds, in the order the phases ran. */
    Map<String, Long> phases() {
        return millis;
    }

    /** One line: the time of each phase and the total. */
    String summary() {
        endPhase();
        StringBuilder sb = new StringBuilder("Build phases:");
        long total = 0;
        for (Map.Entry<String, Long> e : millis.entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.1f s,", e.getKey(), e.getValue() / 1000.0));
            total += e.getValue();
        }
        return sb.append(String.format(Locale.ROOT, " total %.1f s", total / 1000.0)).toString();
    }

    @Override
    public void close() {
        endPhase();
        if (ticker != null)
            ticker.shutdownNow();
    }
}
