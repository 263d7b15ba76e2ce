package org.aihegemony.kg.linkeddata;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.StoreInfo;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;

/**
 * What every linked-data route shares: the opened store, the base it answers for and the HTTP
 * validators derived from the store's content hash.
 */
public final class Site {
    private final KgStore store;
    private final Base base;
    private final HttpCaching caching;
    private final String version;

    public Site(KgStore store, Base base) {
        this.store = store;
        this.base = base;
        this.version = org.aihegemony.kg.Version.current();
        StoreInfo info = store.info();
        this.caching = new HttpCaching(info.contentHash(), info.builtAt(), version);
    }

    public Base base() { return base; }
    public HttpCaching caching() { return caching; }
    public StoreInfo info() { return store.info(); }
    public String version() { return version; }
    public DatasetGraph dataset() { return store.dataset().asDatasetGraph(); }
    /** The folder of the built store (dumps live in its {@code dumps/}). */
    public Path storeDir() { return store.info().dir(); }

    private volatile org.aihegemony.kg.linkeddata.describe.JsonLdContext jsonLd;

    /** The JSON-LD context of the graph (issue 13), made on first use from the ontology graph. */
    public org.aihegemony.kg.linkeddata.describe.JsonLdContext jsonLd() {
        org.aihegemony.kg.linkeddata.describe.JsonLdContext c = jsonLd;
        if (c == null)
            jsonLd = c = read(() -> org.aihegemony.kg.linkeddata.describe.JsonLdContext.of(dataset(), base));
        return c;
    }

    /** Runs a read of the store in a read transaction. */
    public <T> T read(Supplier<T> action) {
        return Txn.calculateRead(dataset(), action);
    }
}
