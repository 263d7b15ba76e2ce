package org.aihegemony.kg;

import java.nio.file.Path;
import java.time.Duration;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.SavedQueries;
import org.aihegemony.kg.server.KgServer;
import org.aihegemony.kg.server.ServerSettings;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.apache.jena.fuseki.main.FusekiServer;

/**
 * A real server on a free port (port 0) over a real TDB2 store built from a source folder, with the
 * folder's saved queries; tests close it in {@code finally} or {@code @AfterAll}.
 */
public final class TestServer implements AutoCloseable {
    public final KgStore store;
    public final FusekiServer server;
    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public final String base;

    private TestServer(KgStore store, FusekiServer server) {
        this.store = store;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.getHttpPort();
    }

    public static TestServer serve(Path sources, Path storeDir, Duration timeout, long maxResultBytes) {
        return serve(sources, storeDir, new ServerSettings("127.0.0.1", 0, timeout, maxResultBytes, false));
    }

    /** A server with the given settings (port 0 for a free port). */
    public static TestServer serve(Path sources, Path storeDir, ServerSettings settings) {
        Duration timeout = settings.timeout();
        SourceSet set = SourceSet.fromDirectory(sources);
        QueryCatalog catalog = QueryCatalog.compile(SavedQueries.from(set));
        StoreBuilder.Result r = new StoreBuilder(storeDir, null, DatasetDescription.FOR_BUILD).build(set, false);
        KgStore store = KgStore.open(r.store(), timeout);
        try {
            FusekiServer server = KgServer.start(store, settings, catalog);
            return new TestServer(store, server);
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
