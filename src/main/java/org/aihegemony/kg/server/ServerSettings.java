package org.aihegemony.kg.server;

import java.time.Duration;

/**
 * How the server runs.
 *
 * @param host           interface to listen on ({@code 127.0.0.1} by default; {@code 0.0.0.0} for all)
 * @param port           TCP port; 0 picks a free one (tests)
 * @param timeout        query time limit
 * @param maxResultBytes the largest response held for a query; larger ones get 503
 * @param verbose        log every request
 * @param base           the IRI base the server answers for as linked data ({@code /id/x} is {@code {base}id/x})
 * @param limits         threads, connections, query slots, body and URL sizes, timeouts
 */
public record ServerSettings(String host, int port, Duration timeout, long maxResultBytes, boolean verbose, String base,
        ServerLimits limits) {
    public static final int DEFAULT_PORT = 3030;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Responses are held whole until complete; with a few running at once this bounds their memory. */
    public static final long DEFAULT_MAX_RESULT_BYTES = 16L * 1024 * 1024;

    public static final String DEFAULT_BASE = org.aihegemony.kg.vocab.AIH.BASE;

    /** Settings with the standard base. */
    public ServerSettings(String host, int port, Duration timeout, long maxResultBytes, boolean verbose) {
        this(host, port, timeout, maxResultBytes, verbose, DEFAULT_BASE);
    }

    /** Settings with the default limits. */
    public ServerSettings(String host, int port, Duration timeout, long maxResultBytes, boolean verbose, String base) {
        this(host, port, timeout, maxResultBytes, verbose, base, ServerLimits.defaults());
    }

    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT, DEFAULT_MAX_RESULT_BYTES, false);
    }

    public ServerSettings withPort(int p) { return new ServerSettings(host, p, timeout, maxResultBytes, verbose, base, limits); }
    public ServerSettings withTimeout(Duration t) { return new ServerSettings(host, port, t, maxResultBytes, verbose, base, limits); }
    public ServerSettings withBase(String b) { return new ServerSettings(host, port, timeout, maxResultBytes, verbose, b, limits); }
    public ServerSettings withLimits(ServerLimits l) { return new ServerSettings(host, port, timeout, maxResultBytes, verbose, base, l); }
}
