package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.Fixtures;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory copy a small store is served from (issue 9): the same answers as TDB2, read-only. */
class TestMemoryCopy {
    @TempDir
    Path tmp;

    static long count(Dataset ds, String q) {
        return Txn.calculateRead(ds, () -> {
            try (QueryExecution qe = QueryExecution.dataset(ds).query(q).build()) {
                return (long) ResultSetFormatter.consume(qe.execSelect());
            }
        });
    }

    @Test
    void answersAsTheStoreDoesAndCreatesNoGraphs() {
        Path sources = Fixtures.basicSources(tmp);
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false);
        try (KgStore store = KgStore.open(r.store(), Duration.ofSeconds(10))) {
            DatasetGraph copy = MemoryCopy.of(store.dataset().asDatasetGraph());
            Dataset mem = DatasetFactory.wrap(copy);
            for (String q : new String[] { "SELECT * { ?s ?p ?o }", "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }",
                    "SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s",
                    "SELECT * { GRAPH <https://w3id.org/aihegemony/id/ev-test-01> { ?s ?p ?o } }" }) {
                assertEquals(count(store.dataset(), q), count(mem, q), "the copy answers as the store does: " + q);
            }
            assertTrue(count(mem, "SELECT * { ?s ?p ?o }") > 10, "the default graph is the union of the named graphs");
            assertEquals(0, count(mem, "SELECT * { GRAPH <urn:x-no-such-graph> { ?s ?p ?o } }"),
                    "an unknown graph is empty, and asking for it inside a read transaction is no error");
            long graphs = Txn.calculateRead(copy, () -> org.apache.jena.atlas.iterator.Iter.count(copy.listGraphNodes()));
            Txn.executeRead(copy, () -> copy.getGraph(NodeFactory.createURI("urn:x-other")).size());
            long after = Txn.calculateRead(copy, () -> org.apache.jena.atlas.iterator.Iter.count(copy.listGraphNodes()));
            assertEquals(graphs, after, "looking up an unknown graph creates none");
        }
    }
}
