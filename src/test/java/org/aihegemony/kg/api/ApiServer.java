package org.aihegemony.kg.api;

import java.nio.file.Path;
import java.time.Duration;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.TestServer;
import org.aihegemony.kg.store.KgStore;
import org.apache.jena.fuseki.main.FusekiServer;

/** A real server on a free port over a real TDB2 store built from a source folder, for the API tests. */
final class ApiServer implements AutoCloseable {
    private final TestServer running;
    final KgStore store;
    final FusekiServer server;
    final String base;

    private ApiServer(TestServer running) {
        this.running = running;
        this.store = running.store;
        this.server = running.server;
        this.base = running.base;
    }

    /** Copies the API fixture into {@code dir} and serves it. */
    static ApiServer fixture(Path dir, Duration timeout, long maxResultBytes) {
        Path sources = dir.resolve("sources");
        Fixtures.copyTree(Fixtures.resource("api"), sources);
        return serve(sources, dir.resolve("store"), timeout, maxResultBytes);
    }

    static ApiServer serve(Path sources, Path storeDir, Duration timeout, long maxResultBytes) {
        return new ApiServer(TestServer.serve(sources, storeDir, timeout, maxResultBytes));
    }

    @Override
    public void close() {
        running.close();
    }
}
