package org.aihegemony.kg.store;

import org.apache.jena.graph.Graph;
import org.apache.jena.mem2.GraphMem2Fast;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraphMapLink;
import org.apache.jena.sparql.core.Quad;
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
        DatasetGraph copy = new ReadOnlyNames(union);
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

    /**
     * The in-memory dataset. Asked for a graph it does not have, a general in-memory dataset creates one —
     * a write, refused inside the read transaction every request runs in (a 500 for {@code GRAPH <x>} on an
     * unknown name). Here an unknown name is an empty graph, as in TDB2, and nothing is created.
     */
    static final class ReadOnlyNames extends DatasetGraphMapLink {
        ReadOnlyNames(Graph defaultGraph) {
            super(defaultGraph);
        }

        @Override
        public Graph getGraph(Node name) {
            return known(name) ? super.getGraph(name) : Graph.emptyGraph;
        }

        @Override
        protected Graph getGraphCreate(Node name) {
            return known(name) ? super.getGraphCreate(name) : Graph.emptyGraph;
        }

        private boolean known(Node name) {
            return name == null || Quad.isDefaultGraph(name) || Quad.isUnionGraph(name) || containsGraph(name);
        }
    }

}
