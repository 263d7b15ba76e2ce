package org.aihegemony.kg.server;

import java.time.Duration;

/**
 * What one client, or many, may take from the server. Every resource is bounded so that no client —
 * slow, huge, malformed or merely numerous — can stop the server answering others.
 *
 * @param threads          Jetty worker threads (the pool never grows past this)
 * @param maxConnections   open connections; past this the server stops accepting until some close
 * @param runningQueries   requests that run a query at once (SPARQL, saved queries, descriptions, pages)
 * @param queuedQueries    requests that may wait for one of those slots; more get 503 with Retry-After
 * @param queueWait        how long a request may wait for a slot before it gets 503 with Retry-After
 * @param maxBodyBytes     the largest request body (a POSTed query or form); larger gets 413
 * @param maxUrlBytes      the largest request line and headers; a longer URL gets 414, headers 431
 * @param idleTimeout      a connection on which nothing arrives for this long is closed
 * @param bodyTimeout      the request line and headers, and then the body, must each arrive within this time:
 *                         slow headers close the connection, a slow body gets 408
 * @param maxQueryDepth    how deeply groups, sub-queries and brackets may nest in a SPARQL query
 * @param cacheBytes       the answer cache's budget in bytes; 0 turns the cache off
 */
public record ServerLimits(int threads, int maxConnections, int runningQueries, int queuedQueries,
        Duration queueWait, long maxBodyBytes, int maxUrlBytes, Duration idleTimeout, Duration bodyTimeout,
        int maxQueryDepth, long cacheBytes) {

    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_URL_BYTES = 64 * 1024;
    public static final long DEFAULT_CACHE_BYTES = 32L * 1024 * 1024;

    public ServerLimits {
        if (threads < 8)
            throw new IllegalArgumentException("threads must be at least 8: " + threads);
        if (runningQueries < 1 || queuedQueries < 0 || maxConnections < 1)
            throw new IllegalArgumentException("query slots and connections must be positive");
    }

    /** Defaults sized from the processors: a query uses one core, so more running at once only queue inside. */
    public static ServerLimits defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        int running = Math.max(2, 2 * cores);
        return new ServerLimits(Math.max(32, 8 * cores), 1024, running, 16 * running, Duration.ofSeconds(5),
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_URL_BYTES, Duration.ofSeconds(30), Duration.ofSeconds(10), 64, DEFAULT_CACHE_BYTES);
    }

    public ServerLimits withMaxBodyBytes(long b) {
        return new ServerLimits(threads, maxConnections, runningQueries, queuedQueries, queueWait, b, maxUrlBytes,
                idleTimeout, bodyTimeout, maxQueryDepth, cacheBytes);
    }

    public ServerLimits withMaxUrlBytes(int b) {
        return new ServerLimits(threads, maxConnections, runningQueries, queuedQueries, queueWait, maxBodyBytes, b,
                idleTimeout, bodyTimeout, maxQueryDepth, cacheBytes);
    }

    public ServerLimits withQueries(int running, int queued) {
        return new ServerLimits(threads, maxConnections, running, queued, queueWait, maxBodyBytes, maxUrlBytes,
                idleTimeout, bodyTimeout, maxQueryDepth, cacheBytes);
    }

    public ServerLimits withCacheBytes(long bytes) {
        return new ServerLimits(threads, maxConnections, runningQueries, queuedQueries, queueWait, maxBodyBytes,
                maxUrlBytes, idleTimeout, bodyTimeout, maxQueryDepth, bytes);
    }

    public ServerLimits withTimeouts(Duration idle, Duration body) {
        return new ServerLimits(threads, maxConnections, runningQueries, queuedQueries, queueWait, maxBodyBytes,
                maxUrlBytes, idle, body, maxQueryDepth, cacheBytes);
    }
}
