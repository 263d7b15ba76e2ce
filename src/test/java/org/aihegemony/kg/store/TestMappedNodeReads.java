package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes read from the node file's mapping ({@link MappedNodeReads}) and decoded by {@link TdbScan} are the
 * nodes written: every kind of term, a literal far longer than a read buffer, nodes written after the
 * mapping was made, and the store's quads in {@code DatasetGraph.find()}'s order. Each store is closed and
 * reopened before reading, so no node comes from the cache filled while writing.
 */
class TestMappedNodeReads {
    @TempDir
    Path tmp;
    DatasetGraph dsg;

    static final String NS = "https://w3id.org/aihegemony/id/";

    @AfterEach
    void close() {
        if (dsg != null)
            TDBInternal.expel(dsg);
    }

    /** Quads with every kind of node: IRIs, Korean and English literals, typed, inline numbers, a long text, blank nodes. */
    static List<Quad> sample() {
        List<Quad> quads = new ArrayList<>();
        Node label = NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label");
        Node note = NodeFactory.createURI(NS + "note");
        String longText = "미-중 AI 패권경쟁 ".repeat(20_000);   // about 400 kB in UTF-8
        for (int i = 0; i < 3_000; i++) {
            Node g = NodeFactory.createURI(NS + "ev-" + (i % 50));
            Node s = NodeFactory.createURI(NS + "entity-" + i);
            quads.add(Quad.create(g, s, label, NodeFactory.createLiteralLang("기업 " + i, "ko")));
            quads.add(Quad.create(g, s, label, NodeFactory.createLiteralLang("company " + i, "en")));
            quads.add(Quad.create(g, s, note, NodeFactory.createLiteralDT(Integer.toString(i), XSDDatatype.XSDinteger)));
            quads.add(Quad.create(g, s, note, NodeFactory.createLiteralDT("2020-05-" + (10 + i % 19), XSDDatatype.XSDdate)));
            quads.add(Quad.create(g, s, note, NodeFactory.createLiteralString("\"quoted\"\n\ttext " + i)));
            quads.add(Quad.create(g, s, note, NodeFactory.createBlankNode("b" + i)));
        }
        quads.add(Quad.create(NodeFactory.createURI(NS + "ev-long"), NodeFactory.createURI(NS + "article"), note,
                NodeFactory.createLiteralLang(longText, "ko")));
        return quads;
    }

    /** A TDB2 store holding {@code quads}, closed and opened again (empty caches). */
    DatasetGraph store(String name, List<Quad> quads) {
        Path dir = tmp.resolve(name);
        DatasetGraph w = DatabaseMgr.connectDatasetGraph(dir.toString());
        Txn.executeWrite(w, () -> quads.forEach(w::add));
        TDBInternal.expel(w);
        dsg = DatabaseMgr.connectDatasetGraph(dir.toString());
        return dsg;
    }

    static Set<Quad> read(Iterator<Quad> it) {
        Set<Quad> out = new HashSet<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyNodeReadsBackFromTheMapping() {
        List<Quad> quads = sample();
        DatasetGraph store = store("all", quads);
        assertNull(MappedNodeReads.installed(store), "nothing is installed before install()");
        assertTrue(MappedNodeReads.install(store), "install() maps a TDB2 store's node file");
        MappedNodeReads reads = MappedNodeReads.installed(store);
        assertNotNull(reads, "the node table reads through the mapping after install()");
        assertTrue(reads.mappedLength() > 400_000, "the committed node file (with the long literal) is mapped: " + reads.mappedLength());
        Set<Quad> found = Txn.calculateRead(store, () -> read(store.find()));
        assertEquals(new HashSet<>(quads), found, "Jena's own find() over mapped reads returns exactly the quads written");
    }

    @Test
    void bytesWrittenAfterTheMappingAreReadFromTheFile() throws Exception {
        DatasetGraph store = store("later", sample());
        assertTrue(MappedNodeReads.install(store), "installed");
        MappedNodeReads reads = MappedNodeReads.installed(store);
        long mapped = reads.mappedLength();
        Node later = NodeFactory.createLiteralLang("매핑 이후에 쓴 노드", "ko");
        Quad added = Quad.create(NodeFactory.createURI(NS + "ev-late"), NodeFactory.createURI(NS + "late"),
                NodeFactory.createURI(NS + "note"), later);
        Txn.executeWrite(store, () -> store.add(added));
        Path file = Path.of(TDBInternal.getDatasetGraphTDB(store).getLocation().getDirectoryPath(), "nodes-data.obj");
        byte[] onDisk = Files.readAllBytes(file);
        assertTrue(onDisk.length > mapped, "fixture: the write appended to the node file");
        int n = (int) (onDisk.length - mapped);
        Txn.executeRead(store, () -> {
            byte[] b = new byte[n];
            assertFalse(reads.readMapped(mapped, b, 0, n), "bytes past the mapping are not read from it");
            assertEquals(n, reads.read(mapped, b, 0, n), "bytes past the mapping are read from the file");
            assertArrayEquals(Arrays.copyOfRange(onDisk, (int) mapped, onDisk.length), b, "the appended bytes, as on disk");
            byte[] head = new byte[64];
            assertTrue(reads.readMapped(0, head, 0, 64), "the start of the file is in the mapping");
            assertArrayEquals(Arrays.copyOf(onDisk, 64), head, "mapped bytes are the file's bytes");
            assertTrue(read(store.find()).contains(added), "the quad written after the mapping reads back");
        });
    }

    @Test
    void scanGivesFindsQuadsInFindsOrder() {
        List<Quad> quads = sample();
        DatasetGraph store = store("scan", quads);
        MappedNodeReads.install(store);
        Txn.executeRead(store, () -> {
            List<Quad> viaFind = new ArrayList<>();
            store.find(Node.ANY, Node.ANY, Node.ANY, Node.ANY).forEachRemaining(viaFind::add);
            List<Quad> viaScan = new ArrayList<>();
            TdbScan.open(store).quads().forEachRemaining(viaScan::add);
            assertEquals(quads.size(), viaScan.size(), "the scan yields every quad once");
            assertEquals(new HashSet<>(viaFind), new HashSet<>(viaScan), "the scan decodes every node as Jena does");
            assertTrue(isGraphFirst(viaScan), "the scan keeps each graph's quads together");
        });
    }

    @Test
    void scanByPredicateIsFindByPredicate() {
        List<Quad> quads = sample();
        DatasetGraph store = store("predicate", quads);
        MappedNodeReads.install(store);
        Node label = NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label");
        Txn.executeRead(store, () -> {
            TdbScan scan = TdbScan.open(store);
            Set<Quad> expected = read(store.find(Node.ANY, Node.ANY, label, Node.ANY));
            assertEquals(6_000, expected.size(), "fixture: two labels per entity");
            assertEquals(expected, read(scan.quadsWithPredicate(label)), "the labels, decoded from the mapping");
            assertFalse(scan.quadsWithPredicate(NodeFactory.createURI(NS + "absent")).hasNext(),
                    "a predicate the store has never seen has no quads");
        });
    }

    @Test
    void anIriIsToldFromItsFirstBytesAsDecodingTellsIt() {
        List<Quad> quads = new ArrayList<>(sample());
        Node g = NodeFactory.createURI(NS + "ev-edge");
        Node p = NodeFactory.createURI("http://example.org/p");
        // the namespace itself, longer IRIs (a two- and a three-byte length), Korean, look-alike literals, other IRIs
        for (Node o : List.of(NodeFactory.createURI(NS), NodeFactory.createURI(NS.substring(0, NS.length() - 1)),
                NodeFactory.createURI(NS + "x".repeat(200)), NodeFactory.createURI(NS + "y".repeat(20_000)),
                NodeFactory.createURI(NS + "기업"), NodeFactory.createURI("https://w3id.org/aihegemony/ontology#Company"),
                NodeFactory.createURI("urn:x"), NodeFactory.createLiteralString(NS + "entity-1"),
                NodeFactory.createLiteralLang(NS + "entity-1", "en"), NodeFactory.createBlankNode(NS)))
            quads.add(Quad.create(g, NodeFactory.createURI(NS + "edge"), p, o));
        DatasetGraph store = store("iri", quads);
        MappedNodeReads.install(store);
        byte[] prefix = NS.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Txn.executeRead(store, () -> {
            TdbScan scan = TdbScan.open(store);
            int iris = 0, others = 0;
            long decoded = 0;
            Iterator<org.apache.jena.atlas.lib.tuple.Tuple<org.apache.jena.tdb2.store.NodeId>> it = scan.ids("GSPO");
            while (it.hasNext()) {
                for (org.apache.jena.tdb2.store.NodeId id : it.next()) {
                    // a fresh scan for each answer: none comes from the cache of decoded nodes
                    TdbScan fresh = TdbScan.open(store);
                    boolean told = fresh.isIri(id, prefix);
                    decoded += fresh.decoded;
                    Node n = scan.node(id);
                    boolean expected = n.isURI() && n.getURI().startsWith(NS);
                    assertEquals(expected, told, "told from the first bytes as decoding tells it: " + n);
                    if (expected) iris++; else others++;
                }
            }
            assertTrue(iris > 9_000 && others > 9_000, "fixture: both kinds, many of each: " + iris + " / " + others);
            // only a term too near the end of the mapping to read its first bytes at once is decoded
            assertTrue(decoded <= 2, "terms told without decoding them; decoded " + decoded + " of " + (iris + others));
        });
    }

    @Test
    void aStoreThatIsNotTdb2IsLeftAlone() {
        assertFalse(MappedNodeReads.install(DatasetFactory.createTxnMem().asDatasetGraph()),
                "an in-memory dataset has no node file to map");
    }

    private static boolean isGraphFirst(List<Quad> quads) {
        Set<Node> closed = new HashSet<>();
        Node current = null;
        for (Quad q : quads) {
            if (!q.getGraph().equals(current)) {
                if (!closed.add(q.getGraph()))
                    return false;
                current = q.getGraph();
            }
        }
        return true;
    }
}
