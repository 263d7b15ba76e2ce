package org.aihegemony.kg.api;

import java.nio.file.Path;
import java.time.Duration;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.SavedQueries;
import org.aihegemony.kg.server.KgServer;
import org.aihegemony.kg.server.ServerSettings;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.apache.jena.fuseki.main.FusekiServer;

/** A real server on a free port over a real TDB2 store built from a source folder, for the API tests. */
final class ApiServer implements AutoCloseable {
    final KgStore store;
    final FusekiServer server;
    final String base;

    private ApiServer(KgStore store, FusekiServer server) {
        this.store = store;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.getHttpPort();
    }

    /** Copies the API fixture into {@code dir} and serves it. */
    static ApiServer fixture(Path dir, Duration timeout, long maxResultBytes) {
        Path sources = dir.resolve("sources");
        Fixtures.copyTree(Fixtures.resource("api"), sources);
        return serve(sources, dir.resolve("store"), timeout, maxResultBytes);
    }

    static ApiServer serve(Path sources, Path storeDir, Duration timeout, long maxResultBytes) {
        SourceSet set = SourceSet.fromDirectory(sources);
        QueryCatalog catalog = QueryCatalog.compile(SavedQueries.from(set));
        StoreBuilder.Result r = new StoreBuilder(storeDir, null).build(set, false);
        KgStore store = KgStore.open(r.store(), timeout);
        try {
            FusekiServer server = KgServer.start(store, new ServerSettings("127.0.0.1", 0, timeout, maxResultBytes, false), catalog);
            return new ApiServer(store, server);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            store.close();
        }
    }
}
