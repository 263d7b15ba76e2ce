package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What validation reads ({@link StoreGraphs#withoutShapes}) is the union graph less the triples only the
 * shapes graph states, on every look-up: asked again (answered from its kept look-ups), with more values
 * than a look-up keeps, with wildcards, and for a triple both the shapes and a data graph state.
 */
class TestStoreGraphs {
    @TempDir
    Path tmp;

    static Node iri(String local) {
        return NodeFactory.createURI(AIH.ID + local);
    }

    @Test
    void lookUpsAskedAgainGiveTheSameTriples() {
        Dataset ds = TDB2Factory.connectDataset(tmp.toString());
        try {
            DatasetGraph dsg = ds.asDatasetGraph();
            Node data = AIH.node(AIH.GRAPH_DATA), shapes = AIH.node(AIH.GRAPH_SHAPES), ev = iri("ev-1");
            Node type = RDF.type.asNode(), label = RDFS.label.asNode(), many = iri("many"), china = iri("china");
            Triple shapeOnly = Triple.create(iri("shape"), type, iri("NodeShape"));
            Triple both = Triple.create(china, label, NodeFactory.createLiteralLang("중국", "ko"));
            Txn.executeWrite(dsg, () -> {
                dsg.add(shapes, shapeOnly.getSubject(), shapeOnly.getPredicate(), shapeOnly.getObject());
                dsg.add(shapes, both.getSubject(), both.getPredicate(), both.getObject());
                dsg.add(data, both.getSubject(), both.getPredicate(), both.getObject());
                dsg.add(data, china, type, iri("Country"));
                dsg.add(ev, china, type, iri("Country"));
                for (int i = 0; i < StoreGraphs.LOOKUP_TRIPLES * 2 + 3; i++)
                    dsg.add(i % 2 == 0 ? data : ev, many, iri("p"), NodeFactory.createLiteralString("v" + i));
            });
            Set<Triple> shapeTriples = Set.of(shapeOnly, both);
            Txn.executeRead(dsg, () -> {
                Graph g = StoreGraphs.withoutShapes(dsg, shapeTriples);
                for (int round = 1; round <= 3; round++) {
                    String r = " (look-up " + round + ")";
                    assertEquals(Set.of(Triple.create(china, type, iri("Country"))), set(g, china, type, Node.ANY),
                            "the type stated in two graphs, once" + r);
                    assertEquals(Set.of(both), set(g, china, label, Node.ANY), "a triple the shapes and the data state is kept" + r);
                    assertEquals(Set.of(), set(g, shapeOnly.getSubject(), type, Node.ANY), "a triple only the shapes state is left out" + r);
                    assertEquals(StoreGraphs.LOOKUP_TRIPLES * 2 + 3, set(g, many, iri("p"), Node.ANY).size(),
                            "a look-up with more triples than are kept gives them all" + r);
                    assertEquals(2, set(g, china, Node.ANY, Node.ANY).size(), "the subject's triples" + r);
                    assertTrue(g.contains(china, type, iri("Country")), "contains a data triple" + r);
                    assertFalse(g.contains(shapeOnly), "does not contain a shapes-only triple" + r);
                }
            });
        } finally {
            TDBInternal.expel(ds.asDatasetGraph());
        }
    }

    @Test
    void lookUpsBeyondWhatIsKeptAreStillAnswered() {
        Dataset ds = TDB2Factory.connectDataset(tmp.toString());
        try {
            DatasetGraph dsg = ds.asDatasetGraph();
            Node data = AIH.node(AIH.GRAPH_DATA), p = iri("p");
            int n = StoreGraphs.RECENT_LOOKUPS + 5_000;
            Txn.executeWrite(dsg, () -> {
                for (int i = 0; i < n; i++)
                    dsg.add(data, iri("s-" + i), p, NodeFactory.createLiteralString("v" + i));
            });
            Txn.executeRead(dsg, () -> {
                Graph g = StoreGraphs.withoutShapes(dsg, Set.of());
                for (int round = 1; round <= 2; round++)
                    for (int i = 0; i < n; i++)
                        assertEquals(Set.of(Triple.create(iri("s-" + i), p, NodeFactory.createLiteralString("v" + i))),
                                set(g, iri("s-" + i), p, Node.ANY), "subject " + i + " in round " + round + ", after older look-ups were dropped");
            });
        } finally {
            TDBInternal.expel(ds.asDatasetGraph());
        }
    }

    static Set<Triple> set(Graph g, Node s, Node p, Node o) {
        Set<Triple> out = new HashSet<>();
        g.find(s, p, o).forEachRemaining(out::add);
        return out;
    }
}
