package org.aihegemony.kg.store;

import org.apache.jena.graph.Graph;
import org.apache.jena.mem2.GraphMem2Fast;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;

/**
 * An in-memory copy of a built store, made for answering queries fast: every named graph is copied into
 * an in-memory graph, and the default graph is their union <em>materialised</em> once (each triple once),
 * instead of being worked out again on every pattern of every query as TDB2's union default graph is.
 * The store never changes while served, so the copy never goes stale. Used for stores small enough to
 * hold in memory; its graphs are read-only in practice (nothing writes while serving).
 */
public final class MemoryCopy {
    private MemoryCopy() {}

    /** Copies a store (read in one read transaction) into memory, with the union as default graph. */
    public static DatasetGraph of(DatasetGraph store) {
        Graph union = new GraphMem2Fast();
        DatasetGraph copy = DatasetGraphFactory.createGeneral(union);
        Txn.executeRead(store, () -> {
            store.listGraphNodes().forEachRemaining(name -> {
                Graph g = new GraphMem2Fast();
                store.getGraph(name).find().forEachRemaining(t -> {
                    g.add(t);
                    union.add(t);
                });
                copy.addGraph(name, g);
            });
            // Triples stored in the default graph itself (none in a store we build) are part of the union too.
            store.getDefaultGraph().find().forEachRemaining(union::add);
            copy.prefixes().putAll(store.prefixes());
        });
        return copy;
    }

    /** The number of distinct triples in the materialised default graph. */
    public static long unionSize(DatasetGraph copy) {
        return copy.getDefaultGraph().size();
    }
}
