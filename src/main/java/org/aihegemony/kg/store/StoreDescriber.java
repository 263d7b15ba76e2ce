package org.aihegemony.kg.store;

import java.nio.file.Path;
import java.util.Map;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;

/**
 * What describes a new store for its build: writes what is derived from the finished store into its
 * folder (the dumps) and returns its VoID graph with the counts the build records. The build is given
 * one ({@link StoreBuilder#StoreBuilder(Path, BuildListener, StoreDescriber)}); how a store is described
 * — files, formats, vocabularies, base IRIs — belongs to the description layer above the store
 * ({@code DatasetDescription#FOR_BUILD}), which reads the store, not the other way round.
 */
@FunctionalInterface
public interface StoreDescriber {
    /**
     * A description: the VoID graph (added to the store as {@code AIH#GRAPH_VOID}), and the counts of the
     * store without it: quads, graphs, distinct triples of the union, and quads per reserved graph.
     */
    record Description(Graph graph, long quads, long graphs, long unionTriples, Map<Node, Long> reservedGraphSizes) { }

    /** Describes the store {@code dsg} in the folder {@code storeDir}; called in a read transaction. */
    Description describe(DatasetGraph dsg, Path storeDir);
}
