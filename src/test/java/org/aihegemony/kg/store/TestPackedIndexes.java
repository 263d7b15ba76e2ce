package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Indexes written sorted and bottom up ({@link PackedIndexes}) answer exactly as indexes Jena filled quad
 * by quad: every index order is asked (a pattern per order), on terms of every kind (inline numbers and
 * dates among them, whose node ids compare as unsigned numbers), with repeated quads, with the input sorted
 * in many runs and merged, and after a rebuild that adds quads. The node writes go through
 * {@link MappedNodeReads#bufferWrites}, so a wrong node offset shows as a wrong term.
 */
class TestPackedIndexes {
    @TempDir
    Path tmp;
    final List<DatasetGraph> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(TDBInternal::expel);
        PackedIndexes.RUN = 1 << 20;
        PackedIndexes.THREADS = threads;
    }

    final int threads = PackedIndexes.THREADS;

    static List<Quad> sample() {
        List<Quad> quads = new ArrayList<>(TestMappedNodeReads.sample());
        Node g = NodeFactory.createURI(TestMappedNodeReads.NS + "ev-numbers");
        Node p = NodeFactory.createURI(TestMappedNodeReads.NS + "value");
        for (int i = -300; i < 300; i++) {
            Node s = NodeFactory.createURI(TestMappedNodeReads.NS + "n" + (i & 15));
            quads.add(Quad.create(g, s, p, NodeFactory.createLiteralDT(Integer.toString(i * 7919), XSDDatatype.XSDinteger)));
            quads.add(Quad.create(g, s, p, NodeFactory.createLiteralDT(i + ".25", XSDDatatype.XSDdecimal)));
            quads.add(Quad.create(g, s, p, NodeFactory.createLiteralDT(Double.toString(i * 1.5e10), XSDDatatype.XSDdouble)));
        }
        return quads;
    }

    /** A store whose quads Jena inserted one by one. */
    DatasetGraph inserted(String name, List<Quad> quads) {
        DatasetGraph w = DatabaseMgr.connectDatasetGraph(tmp.resolve(name).toString());
        Txn.executeWrite(w, () -> quads.forEach(w::add));
        TDBInternal.expel(w);
        return reopen(name);
    }

    DatasetGraph reopen(String name) {
        DatasetGraph d = DatabaseMgr.connectDatasetGraph(tmp.resolve(name).toString());
        open.add(d);
        return d;
    }

    /** Spools {@code quads} (each twice) into the store {@code name}; returns how many were spooled. */
    long spool(String name, List<Quad> quads, Path file, boolean append) {
        DatasetGraph w = DatabaseMgr.connectDatasetGraph(tmp.resolve(name).toString());
        try {
            return PackedIndexes.spool(w, file, append, spool -> {
                for (int rep = 0; rep < 2; rep++)
                    for (Quad q : quads)
                        spool.add(q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject());
            });
        } finally {
            TDBInternal.expel(w);
        }
    }

    /** A store built from a spool of {@code quads} by sorting and packing. */
    DatasetGraph packed(String name, List<Quad> quads) {
        Path file = tmp.resolve(name + ".spool");
        long n = spool(name, quads, file, false);
        DatasetGraph w = DatabaseMgr.connectDatasetGraph(tmp.resolve(name).toString());
        try {
            long distinct = PackedIndexes.build(w, file, n, new BuildProgress(BuildListener.NONE));
            assertEquals(new HashSet<>(quads).size(), distinct, "each distinct quad is written once, the repeats dropped");
        } finally {
            TDBInternal.expel(w);
        }
        return reopen(name);
    }

    /** What each index order answers: one pattern per order, over a spread of terms. */
    static void assertSameAnswers(List<Quad> quads, DatasetGraph expected, DatasetGraph actual) {
        List<Function<Quad, Quad>> patterns = List.of(
                q -> Quad.create(q.getGraph(), Node.ANY, Node.ANY, Node.ANY),          // GSPO
                q -> Quad.create(q.getGraph(), Node.ANY, q.getPredicate(), Node.ANY),  // GPOS
                q -> Quad.create(q.getGraph(), Node.ANY, Node.ANY, q.getObject()),     // GOSP
                q -> Quad.create(Node.ANY, q.getSubject(), Node.ANY, Node.ANY),        // SPOG
                q -> Quad.create(Node.ANY, Node.ANY, q.getPredicate(), q.getObject()), // POSG
                q -> Quad.create(Node.ANY, Node.ANY, Node.ANY, q.getObject()),         // OSPG
                q -> q);                                                                // the quad itself
        Txn.executeRead(expected, () -> Txn.executeRead(actual, () -> {
            assertEquals(set(expected, Quad.create(Node.ANY, Node.ANY, Node.ANY, Node.ANY)),
                    set(actual, Quad.create(Node.ANY, Node.ANY, Node.ANY, Node.ANY)), "all quads");
            for (int i = 0; i < quads.size(); i += 97) {
                for (Function<Quad, Quad> p : patterns) {
                    Quad pattern = p.apply(quads.get(i));
                    assertEquals(set(expected, pattern), set(actual, pattern), "quads matching " + pattern);
                }
            }
        }));
    }

    static Set<Quad> set(DatasetGraph d, Quad pattern) {
        Set<Quad> s = new HashSet<>();
        d.find(pattern.getGraph(), pattern.getSubject(), pattern.getPredicate(), pattern.getObject()).forEachRemaining(s::add);
        return s;
    }

    @Test
    void packedIndexesAnswerAsInsertedOnes() {
        List<Quad> quads = sample();
        assertSameAnswers(quads, inserted("jena", quads), packed("packed", quads));
    }

    @Test
    void manySortedRunsMergeToTheSameIndexes() {
        PackedIndexes.RUN = 1_000;   // about 40 runs per index, merged from disk
        List<Quad> quads = sample();
        assertSameAnswers(quads, inserted("jena", quads), packed("runs", quads));
        assertEquals(List.of(), leftovers(), "the sorted runs are removed");
    }

    @Test
    void indexesWrittenOnOneThreadOrManyAreTheSame() {
        PackedIndexes.RUN = 1_000;
        List<Quad> quads = sample();
        DatasetGraph jena = inserted("jena", quads);
        for (int n : new int[] { 1, 2, 4 }) {
            PackedIndexes.THREADS = n;
            assertSameAnswers(quads, jena, packed("threads-" + n, quads));
        }
        assertEquals(List.of(), leftovers(), "the sorted runs of every thread are removed");
    }

    /**
     * Entailments beside the sources: an entailment whose triple another graph (not the shapes graph)
     * asserts is dropped where all quads of one triple meet (the first index with the graph last), and
     * every other index is written from what it kept; every index order answers as a store given just the
     * kept quads, on one thread or many.
     */
    @Test
    void entailmentsAssertedElsewhereAreDroppedFromEveryIndex() {
        PackedIndexes.RUN = 1_000;
        Node inferredGraph = NodeFactory.createURI(TestMappedNodeReads.NS + "graph-inferred");
        Node shapesGraph = NodeFactory.createURI(TestMappedNodeReads.NS + "graph-shapes");
        Node type = NodeFactory.createURI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        List<Quad> asserted = new ArrayList<>(sample());
        List<Quad> inferred = new ArrayList<>();
        for (int i = 0; i < asserted.size(); i += 3) {
            Quad q = asserted.get(i);
            inferred.add(Quad.create(inferredGraph, q.getSubject(), q.getPredicate(), q.getObject()));   // asserted: dropped
            inferred.add(Quad.create(inferredGraph, q.getSubject(), type, NodeFactory.createURI(TestMappedNodeReads.NS + "Class" + (i % 7))));
        }
        Quad shapeTriple = Quad.create(shapesGraph, NodeFactory.createURI(TestMappedNodeReads.NS + "shape"), type,
                NodeFactory.createURI(TestMappedNodeReads.NS + "NodeShape"));
        asserted.add(shapeTriple);
        inferred.add(Quad.create(inferredGraph, shapeTriple.getSubject(), shapeTriple.getPredicate(), shapeTriple.getObject()));   // kept
        Set<org.apache.jena.graph.Triple> elsewhere = new HashSet<>();
        for (Quad q : asserted)
            if (!q.getGraph().equals(shapesGraph))
                elsewhere.add(q.asTriple());
        List<Quad> expected = new ArrayList<>(asserted);
        Set<Quad> keptEntailments = new HashSet<>();
        for (Quad q : inferred)
            if (!elsewhere.contains(q.asTriple()))
                keptEntailments.add(q);
        expected.addAll(keptEntailments);
        DatasetGraph jena = inserted("jena", expected);
        for (int n : new int[] { 1, 3 }) {
            PackedIndexes.THREADS = n;
            String name = "entailed-" + n;
            Path sources = tmp.resolve(name + ".spool"), entailments = tmp.resolve(name + ".inferred");
            long quads = spool(name, asserted, sources, false);
            long[] ids = new long[2];
            DatasetGraph w = DatabaseMgr.connectDatasetGraph(tmp.resolve(name).toString());
            long inferredQuads;
            try {
                inferredQuads = PackedIndexes.spool(w, entailments, false, spool -> {
                    for (Quad q : inferred)
                        spool.add(q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject());
                    ids[0] = spool.existingId(inferredGraph);
                    ids[1] = spool.existingId(shapesGraph);
                });
                long kept = PackedIndexes.build(w, sources, quads, entailments, inferredQuads,
                        new PackedIndexes.Graphs(ids[0], ids[1]), new BuildProgress(BuildListener.NONE));
                assertEquals(keptEntailments.size(), kept, "entailments kept, on " + n + " threads");
            } finally {
                TDBInternal.expel(w);
            }
            assertSameAnswers(expected, jena, reopen(name));
        }
        assertEquals(List.of(), leftovers(), "the sorted runs are removed");
    }

    @Test
    void aFailingIndexFailsTheBuildOnceTheOthersStop() {
        PackedIndexes.THREADS = 3;
        PackedIndexes.RUN = 1_000;
        Path file = tmp.resolve("short.spool");
        long n = spool("short", sample(), file, false);
        DatasetGraph w = DatabaseMgr.connectDatasetGraph(tmp.resolve("short").toString());
        try {
            // The spool holds fewer quads than it is said to: every index's sort reaches its end early.
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                    () -> PackedIndexes.build(w, file, n + 5, new BuildProgress(BuildListener.NONE)),
                    "a failure on a writer thread is thrown by the build");
            assertTrue(e.getMessage().contains("short.spool"), "the failure names the spool: " + e.getMessage());
        } finally {
            TDBInternal.expel(w);
        }
        assertEquals(List.of(), leftovers(), "no thread leaves sorted runs behind");
    }

    List<Path> leftovers() {
        try (var files = java.nio.file.Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("run-")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rebuildAddsQuadsAndTheStoreStaysWritable() {
        List<Quad> all = sample();
        List<Quad> first = all.subList(0, all.size() / 2);
        List<Quad> more = all.subList(all.size() / 2, all.size());
        Path file = tmp.resolve("grow.spool");
        long n = spool("grow", first, file, false);
        DatasetGraph w = DatabaseMgr.connectDatasetGraph(tmp.resolve("grow").toString());
        PackedIndexes.build(w, file, n, new BuildProgress(BuildListener.NONE));
        TDBInternal.expel(w);
        n += spool("grow", more, file, true);
        PackedIndexes.rebuild(tmp.resolve("grow"), file, n, new BuildProgress(BuildListener.NONE));
        DatasetGraph grown = reopen("grow");
        Quad extra = Quad.create(NodeFactory.createURI(TestMappedNodeReads.NS + "void"),
                NodeFactory.createURI(TestMappedNodeReads.NS + "dataset"),
                NodeFactory.createURI(TestMappedNodeReads.NS + "triples"),
                NodeFactory.createLiteralDT("1725418", XSDDatatype.XSDinteger));
        Txn.executeWrite(grown, () -> grown.add(extra));
        List<Quad> expected = new ArrayList<>(all);
        expected.add(extra);
        assertSameAnswers(expected, inserted("jena", expected), grown);
        Txn.executeRead(grown, () -> assertTrue(grown.contains(extra), "a quad added after the rebuild is found"));
    }

    @Test
    void sortOrdersNodeIdsAsUnsignedNumbers() {
        Random random = new Random(42);
        int n = 5_000;
        long[] run = new long[n * 4];
        for (int i = 0; i < run.length; i++)
            run[i] = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(8) - 4L;   // many ties, both signs
        long[][] expected = new long[n][];
        for (int k = 0; k < n; k++)
            expected[k] = Arrays.copyOfRange(run, k * 4, k * 4 + 4);
        Arrays.sort(expected, PackedIndexes::compare);
        PackedIndexes.sort(run, 0, n - 1);
        for (int k = 0; k < n; k++)
            assertEquals(Arrays.toString(expected[k]), Arrays.toString(Arrays.copyOfRange(run, k * 4, k * 4 + 4)),
                    "quad " + k + " in unsigned order");
    }
}
