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

    /**
     * Read off the indexes (TDB2), the view answers every pattern as Jena's union graph less the
     * shapes-only triples does: each combination of constants and wildcards, over random stores with
     * triples in one graph, in several, only in the shapes graph and in the shapes and a data graph, inline
     * values (integers), blank nodes, tagged literals, and a node the store does not have.
     */
    @Test
    void theIndexViewIsTheUnionLessTheShapesOnlyTriples() {
        Node shapes = AIH.node(AIH.GRAPH_SHAPES);
        for (int seed = 1; seed <= 8; seed++) {
            java.util.Random random = new java.util.Random(seed);
            Path dir = tmp.resolve("store-" + seed);
            Dataset ds = TDB2Factory.connectDataset(dir.toString());
            try {
                DatasetGraph dsg = ds.asDatasetGraph();
                java.util.List<Node> terms = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++)
                    terms.add(iri("r" + i));
                terms.add(NodeFactory.createBlankNode("b" + seed));
                terms.add(NodeFactory.createLiteralLang("값", "ko"));
                terms.add(NodeFactory.createLiteralString("v"));
                terms.add(NodeFactory.createLiteralDT("7", org.apache.jena.datatypes.xsd.XSDDatatype.XSDinteger));
                java.util.List<Node> predicates = java.util.List.of(iri("p"), iri("q"), RDF.type.asNode(), RDFS.label.asNode());
                java.util.List<Node> graphs = java.util.List.of(AIH.node(AIH.GRAPH_DATA), shapes, iri("ev-1"), iri("ev-2"));
                Txn.executeWrite(dsg, () -> {
                    for (int i = 0; i < 150; i++) {
                        Node sub = terms.get(random.nextInt(7)), pred = predicates.get(random.nextInt(predicates.size())),
                                obj = terms.get(random.nextInt(terms.size()));
                        int copies = 1 + random.nextInt(3);
                        for (int k = 0; k < copies; k++)
                            dsg.add(graphs.get(random.nextInt(graphs.size())), sub, pred, obj);
                    }
                });
                Set<Triple> shapeTriples = new HashSet<>();
                Txn.executeRead(dsg, () -> dsg.getGraph(shapes).find().forEachRemaining(shapeTriples::add));
                assertFalse(shapeTriples.isEmpty(), "seed " + seed + ": the shapes graph has triples");
                java.util.List<Node> asked = new java.util.ArrayList<>(terms);
                asked.add(iri("absent"));
                asked.add(NodeFactory.createLiteralDT("8", org.apache.jena.datatypes.xsd.XSDDatatype.XSDinteger));
                java.util.List<Node> askedPredicates = new java.util.ArrayList<>(predicates);
                askedPredicates.add(iri("absent"));
                Txn.executeRead(dsg, () -> {
                    Graph union = dsg.getUnionGraph();
                    StoreGraphs.TdbIndexView view = new StoreGraphs.TdbIndexView(TdbScan.open(dsg), shapes);
                    int nonEmpty = 0;
                    for (int i = 0; i < 300; i++) {
                        Node sub = random.nextInt(3) == 0 ? Node.ANY : asked.get(random.nextInt(asked.size()));
                        Node pred = random.nextInt(3) == 0 ? Node.ANY : askedPredicates.get(random.nextInt(askedPredicates.size()));
                        Node obj = random.nextInt(3) == 0 ? Node.ANY : asked.get(random.nextInt(asked.size()));
                        Triple m = Triple.create(sub, pred, obj);
                        Set<Triple> expected = new HashSet<>();
                        union.find(m).filterDrop(t -> shapeTriples.contains(t) && StoreGraphs.onlyIn(dsg, shapes, t))
                                .forEachRemaining(expected::add);
                        java.util.List<Triple> actual = view.find(m).toList();
                        assertEquals(expected, new HashSet<>(actual), "seed " + ((Object) dir.getFileName()) + ": " + m);
                        assertEquals(expected.size(), actual.size(), "each triple once: " + m);
                        if (!expected.isEmpty())
                            nonEmpty++;
                    }
                    assertTrue(nonEmpty > 50, "patterns that match were asked: " + nonEmpty);
                });
            } finally {
                TDBInternal.expel(ds.asDatasetGraph());
            }
        }
    }

    static Set<Triple> set(Graph g, Node s, Node p, Node o) {
        Set<Triple> out = new HashSet<>();
        g.find(s, p, o).forEachRemaining(out::add);
        return out;
    }
}
