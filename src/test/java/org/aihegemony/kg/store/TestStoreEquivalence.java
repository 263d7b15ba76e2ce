package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.linkeddata.Base;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming build against its oracle, the in-memory pipeline it replaced ({@link SourceLoader#load},
 * {@link Inferencer#entailments}, and the in-memory VoID counting, kept here): on the article, the store
 * holds the same quads, inferred ones included, and its VoID the same counts; its dumps hold the store.
 */
class TestStoreEquivalence {
    static final String VOID = "http://rdfs.org/ns/void#";

    @TempDir
    static Path tmp;
    static DatasetGraph store;       // an in-memory copy of the built store
    static DatasetGraph oracle;      // what the old pipeline put in the store, VoID aside
    static Path storeDir;

    @BeforeAll
    static void build() {
        SourceSet sources = SourceSet.fromDirectory(Fixtures.repository());
        StoreInfo info = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(sources, true).store();
        storeDir = info.dir();
        store = copy(info.dir());
        oracle = SourceLoader.load(sources);
        Graph inferred = Inferencer.entailments(oracle);
        Node g = AIH.node(AIH.GRAPH_INFERRED);
        inferred.find().forEachRemaining(t -> oracle.add(g, t.getSubject(), t.getPredicate(), t.getObject()));
    }

    static DatasetGraph copy(Path dir) {
        Dataset ds = TDB2Factory.connectDataset(dir.toString());
        try {
            DatasetGraph mem = DatasetGraphFactory.createGeneral();
            Txn.executeRead(ds, () -> ds.asDatasetGraph().find().forEachRemaining(mem::add));
            return mem;
        } finally {
            TDBInternal.expel(ds.asDatasetGraph());
        }
    }

    static DatasetGraph withoutVoid(DatasetGraph dsg) {
        DatasetGraph out = DatasetGraphFactory.createGeneral();
        Node v = AIH.node(AIH.GRAPH_VOID);
        dsg.find().forEachRemaining(q -> { if (!v.equals(q.getGraph())) out.add(q); });
        return out;
    }

    /**
     * Graph by graph: the same ground triples, and isomorphic (blank nodes are relabelled by every parse;
     * they only occur within one graph here, e.g. the shapes').
     */
    static boolean ground(Triple t) {
        return !t.getSubject().isBlank() && !t.getObject().isBlank();
    }

    static void assertSameQuads(DatasetGraph expected, DatasetGraph actual, String what) {
        Set<Node> graphs = new TreeSet<>(java.util.Comparator.comparing(Node::toString));
        expected.listGraphNodes().forEachRemaining(graphs::add);
        actual.listGraphNodes().forEachRemaining(graphs::add);
        for (Node g : graphs) {
            Graph e = expected.getGraph(g), a = actual.getGraph(g);
            Set<Triple> missing = new HashSet<>(), extra = new HashSet<>();
            e.find().forEachRemaining(t -> { if (!t.getSubject().isBlank() && !t.getObject().isBlank() && !a.contains(t)) missing.add(t); });
            a.find().forEachRemaining(t -> { if (!t.getSubject().isBlank() && !t.getObject().isBlank() && !e.contains(t)) extra.add(t); });
            assertEquals(Set.of(), missing, what + ": triples missing in graph " + g);
            assertEquals(Set.of(), extra, what + ": triples not expected in graph " + g);
            assertEquals(e.size(), a.size(), what + ": size of graph " + g);
            assertTrue(e.isIsomorphicWith(a), what + ": graph " + g + " is isomorphic");
        }
    }

    @Test
    void inferredTriplesEqualTheInMemoryReasoners() {
        Graph expected = oracle.getGraph(AIH.node(AIH.GRAPH_INFERRED));
        Graph actual = store.getGraph(AIH.node(AIH.GRAPH_INFERRED));
        assertTrue(expected.size() > 1000, "the article has many entailments: " + expected.size());
        Set<Triple> missing = new HashSet<>(), extra = new HashSet<>();
        expected.find().forEachRemaining(t -> { if (ground(t) && !actual.contains(t)) missing.add(t); });
        actual.find().forEachRemaining(t -> { if (ground(t) && !expected.contains(t)) extra.add(t); });
        assertEquals(Set.of(), missing, "entailments the store lacks");
        assertEquals(Set.of(), extra, "entailments the in-memory reasoner does not make");
        assertTrue(expected.isIsomorphicWith(actual), "the same entailments about blank nodes, up to their labels");
        assertEquals(expected.size(), actual.size(), "as many inferred triples");
    }

    @Test
    void storeHoldsTheSameQuadsAsTheInMemoryBuild() {
        DatasetGraph actual = withoutVoid(store);
        assertEquals(oracle.stream().count(), actual.stream().count(), "as many quads (VoID aside)");
        assertSameQuads(oracle, actual, "the store");
    }

    @Test
    void dumpsHoldTheStore() {
        DatasetGraph nq = DatasetGraphFactory.createGeneral();
        RDFParser.source(storeDir.resolve("dumps/aihegemony.nq")).parse(nq);
        DatasetGraph trig = DatasetGraphFactory.createGeneral();
        RDFParser.source(storeDir.resolve("dumps/aihegemony.trig")).parse(trig);
        DatasetGraph expected = withoutVoid(store);
        assertSameQuads(expected, nq, "the N-Quads dump");
        assertSameQuads(expected, trig, "the TriG dump");
        Graph ttl = GraphFactory.createDefaultGraph();
        RDFParser.source(storeDir.resolve("dumps/aihegemony.ttl")).parse(ttl);
        Graph union = GraphFactory.createDefaultGraph();
        expected.find().forEachRemaining(q -> union.add(q.asTriple()));
        assertEquals(union.size(), ttl.size(), "the Turtle dump has the union's distinct triples");
        assertTrue(union.isIsomorphicWith(ttl), "the Turtle dump is the union");
    }

    @Test
    void voidCountsEqualTheInMemoryCounts() {
        Map<String, Object> expected = oracleCounts(withoutVoid(store), Base.standard());
        Map<String, Object> actual = voidCounts(store.getGraph(AIH.node(AIH.GRAPH_VOID)));
        assertEquals(expected, actual, "VoID statistics from the store's indexes equal a count in memory");
    }

    private static Node uri(String s) { return NodeFactory.createURI(s); }

    private static long number(Graph v, Node s, String p) {
        return Long.parseLong(v.find(s, uri(VOID + p), Node.ANY).next().getObject().getLiteralLexicalForm());
    }

    static Map<String, Object> voidCounts(Graph v) {
        Node ds = v.find(Node.ANY, RDF.type.asNode(), uri(VOID + "Dataset")).toList().stream()
                .map(Triple::getSubject).filter(n -> n.getURI().endsWith("#dataset")).findFirst().orElseThrow();
        Map<String, Object> m = new TreeMap<>();
        for (String p : new String[] { "triples", "entities", "classes", "properties", "distinctSubjects", "distinctObjects" })
            m.put(p, number(v, ds, p));
        Map<String, Long> classes = new TreeMap<>();
        v.find(ds, uri(VOID + "classPartition"), Node.ANY).forEachRemaining(t -> classes.put(
                v.find(t.getObject(), uri(VOID + "class"), Node.ANY).next().getObject().getURI(), number(v, t.getObject(), "entities")));
        m.put("classPartitions", classes);
        Map<String, Long> props = new TreeMap<>();
        v.find(ds, uri(VOID + "propertyPartition"), Node.ANY).forEachRemaining(t -> props.put(
                v.find(t.getObject(), uri(VOID + "property"), Node.ANY).next().getObject().getURI(), number(v, t.getObject(), "triples")));
        m.put("propertyPartitions", props);
        Map<String, Long> subsets = new TreeMap<>();
        v.find(ds, uri(VOID + "subset"), Node.ANY).forEachRemaining(t -> subsets.put(t.getObject().getURI().replaceAll(".*#", ""),
                number(v, t.getObject(), "triples")));
        m.put("subsets", subsets);
        Set<String> examples = new TreeSet<>();
        v.find(ds, uri(VOID + "exampleResource"), Node.ANY).forEachRemaining(t -> examples.add(t.getObject().getURI()));
        m.put("examples", examples);
        return m;
    }

    /** The VoID statistics as the in-memory build counted them (its code, kept as the oracle). */
    static Map<String, Object> oracleCounts(DatasetGraph dsg, Base base) {
        Graph union = GraphFactory.createDefaultGraph();
        dsg.find().forEachRemaining(q -> union.add(q.asTriple()));
        Set<Node> subjects = new HashSet<>(), objects = new HashSet<>(), entities = new HashSet<>();
        Map<String, Set<Node>> instances = new TreeMap<>();
        Map<String, Long> props = new TreeMap<>();
        union.find().forEachRemaining(t -> {
            subjects.add(t.getSubject());
            objects.add(t.getObject());
            if (base.nameOf(t.getSubject()).isPresent())
                entities.add(t.getSubject());
            props.merge(t.getPredicate().getURI(), 1L, Long::sum);
            if (t.getPredicate().equals(RDF.type.asNode()) && t.getObject().isURI())
                instances.computeIfAbsent(t.getObject().getURI(), k -> new HashSet<>()).add(t.getSubject());
        });
        Map<String, Long> classes = new TreeMap<>();
        instances.forEach((k, v) -> classes.put(k, (long) v.size()));
        Map<Node, Long> mentions = new HashMap<>();
        long evidenceQuads = 0;
        for (Node g : (Iterable<Node>) dsg::listGraphNodes) {
            if (g.getURI().startsWith(AIH.GRAPH))
                continue;
            Set<Node> mentioned = new HashSet<>();
            for (Triple t : (Iterable<Triple>) () -> dsg.getGraph(g).find()) {
                evidenceQuads++;
                if (base.nameOf(t.getSubject()).isPresent())
                    mentioned.add(t.getSubject());
            }
            mentioned.forEach(n -> mentions.merge(n, 1L, Long::sum));
        }
        Set<String> examples = new TreeSet<>();
        mentions.entrySet().stream()
                .sorted(Map.Entry.<Node, Long>comparingByValue().reversed().thenComparing(e -> e.getKey().getURI()))
                .limit(6).forEach(e -> examples.add(e.getKey().getURI()));
        Map<String, Object> m = new TreeMap<>();
        m.put("triples", (long) union.size());
        m.put("entities", (long) entities.size());
        m.put("classes", (long) classes.size());
        m.put("properties", (long) props.size());
        m.put("distinctSubjects", (long) subjects.size());
        m.put("distinctObjects", (long) objects.size());
        m.put("classPartitions", classes);
        m.put("propertyPartitions", props);
        Map<String, Long> subsets = new TreeMap<>();
        for (String g : new String[] { AIH.GRAPH_ONTOLOGY, AIH.GRAPH_SHAPES, AIH.GRAPH_DATA, AIH.GRAPH_INFERRED })
            subsets.put("graph-" + g.substring(g.lastIndexOf('/') + 1), (long) dsg.getGraph(AIH.node(g)).size());
        subsets.put("evidence", evidenceQuads);
        m.put("subsets", subsets);
        m.put("examples", examples);
        return m;
    }

    @Test
    void quadCountsRecordedForTheStoreAreRight() {
        StoreInfo info = StoreInfo.read(storeDir);
        assertEquals(store.stream().count(), info.count("quads"), "count.quads is every quad, VoID included");
        assertEquals(store.getGraph(AIH.node(AIH.GRAPH_INFERRED)).size(), info.count("inferred"), "count.inferred");
        Graph union = GraphFactory.createDefaultGraph();
        store.find().forEachRemaining(q -> union.add(q.asTriple()));
        assertEquals(union.size(), info.count("union"), "count.union is the distinct triples of every graph");
        long graphs = store.stream().map(Quad::getGraph).distinct().count();
        assertEquals(graphs, info.count("graphs"), "count.graphs");
    }
}
