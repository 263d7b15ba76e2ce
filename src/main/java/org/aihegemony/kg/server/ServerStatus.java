package org.aihegemony.kg.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.aihegemony.kg.Version;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.StoreInfo;

/**
 * What {@code GET /$/status} reports about one server: which store it serves (the content hash of the
 * sources it was built from, the same on every replica of one build), since when, and whether it is
 * ready or draining. A load balancer's health check reads it; a draining server answers 503, so the
 * check fails before the server stops accepting connections.
 * <p>
 * Thread-safe: the state changes once, from ready to draining.
 */
public final class ServerStatus {
    private final StoreInfo store;
    private final String storeMode;
    private final Instant started = Instant.now();
    private volatile boolean draining;
    private volatile Supplier<Map<String, Object>> cacheCounters;

    public ServerStatus(KgStore store) {
        this.store = store.info();
        this.storeMode = store.mode();
    }

    /** From now on, report draining (503). Irreversible: a draining server is about to stop. */
    public void drain() { draining = true; }

    public boolean draining() { return draining; }

    /**
     * Plugs in the answer cache's counters (hits, misses, entries ...), read on every status request;
     * until then {@code cache} is reported as {@code {"enabled": false}}.
     */
    public void cacheCounters(Supplier<Map<String, Object>> counters) {
        this.cacheCounters = Objects.requireNonNull(counters);
    }

    /** The status as an ordered map of JSON values (strings, numbers, booleans, nested maps). */
    public Map<String, Object> report() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", draining ? "draining" : "ready");
        m.put("storeId", store.contentHash());
        m.put("storeBuiltAt", store.builtAt().toString());
        m.put("quads", store.count("quads"));
        m.put("storeHeld", storeMode.startsWith("temporary copy") ? "temporary copy" : storeMode);
        m.put("version", Version.current());
        m.put("startedAt", started.toString());
        m.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        Supplier<Map<String, Object>> c = cacheCounters;
        Map<String, Object> cache = new LinkedHashMap<>();
        if (c == null) {
            cache.put("enabled", false);
        } else {
            cache.put("enabled", true);
            cache.putAll(c.get());
        }
        m.put("cache", cache);
        return m;
    }
}
