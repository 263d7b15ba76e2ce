package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.linkeddata.describe.DumpWriters;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

/**
 * The dump writers ({@link DumpWriters}) against the Jena writers they stand for: the same calls, the same
 * bytes — on the article and on random quads with terms of every awkward kind (IRIs a prefix cannot
 * shorten, local names ending in a dot, Korean, characters outside the BMP, a lone surrogate, literals of
 * many datatypes and tags, blank nodes, long subjects and predicates, rdf:type with and without the rdf
 * prefix, the default graph, a prefix declared in the middle of the data).
 */
class TestDumpWriters {
    private static final String ID = "https://w3id.org/aihegemony/id/";
    private static final String AIH = "https://w3id.org/aihegemony/ontology#";

    /** The three dumps' writers: Jena's, and ours. */
    private static final Map<RDFFormat, Function<ByteArrayOutputStream, StreamRDF>> OURS = Map.of(
            RDFFormat.NQUADS, DumpWriters::nquads,
            RDFFormat.TRIG_BLOCKS, DumpWriters::trigBlocks,
            RDFFormat.TURTLE_BLOCKS, DumpWriters::turtleBlocks);

    @Test
    void theArticleIsWrittenByteForByteAsJenaWritesIt() throws IOException {
        DatasetGraph dsg = DatasetGraphFactory.createTxnMem();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Fixtures.repository().resolve("rdf"), "*.trig")) {
            for (Path f : files)
                RDFParser.source(f).lang(Lang.TRIG).parse(dsg);
        }
        List<Quad> quads = new ArrayList<>();
        dsg.find().forEachRemaining(quads::add);
        quads.sort(Comparator.comparing((Quad q) -> q.getGraph().toString()).thenComparing(q -> q.getSubject().toString()));
        assertTrue(quads.size() > 4000, "the article has its quads: " + quads.size());
        for (RDFFormat format : OURS.keySet())
            assertSame(format, quads, prefixes(true), -1, -1);
    }

    @Test
    void randomQuadsOfEveryKindAreWrittenAsJenaWritesThem() {
        for (int seed = 1; seed <= 30; seed++) {
            Random r = new Random(seed);
            List<Quad> quads = randomQuads(r, 300 + r.nextInt(400));
            boolean rdfPrefix = seed % 3 != 0;
            // A prefix half way (seeds 5, 10, ...), a base two thirds of the way (seeds 7, 10, 14, ...).
            int prefixAt = seed % 5 == 0 ? quads.size() / 2 : -1;
            int baseAt = seed % 7 == 0 || seed == 10 ? 2 * quads.size() / 3 : -1;
            for (RDFFormat format : OURS.keySet())
                assertSame(format, quads, prefixes(rdfPrefix), prefixAt, baseAt);
        }
    }

    @Test
    void aLoneSurrogateAndAPairSplitAcrossWritesAreEncodedAsJavaEncodesThem() {
        List<Quad> quads = List.of(
                Quad.create(NodeFactory.createURI(ID + "g"), NodeFactory.createURI(ID + "s"), NodeFactory.createURI(AIH + "note"),
                        NodeFactory.createLiteralString("lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00 \uD83E\uDD2F end \uD83D")),
                Quad.create(NodeFactory.createURI(ID + "g"), NodeFactory.createURI(ID + "s\uD83D\uDE00x"), NodeFactory.createURI(AIH + "note"),
                        NodeFactory.createLiteralLang("\uD83D\uDE00", "ko")));
        for (RDFFormat format : OURS.keySet())
            assertSame(format, quads, prefixes(true), -1, -1);
    }

    /** Writes the quads (as triples, for Turtle) through both writers and compares the bytes. */
    private static void assertSame(RDFFormat format, List<Quad> quads, Map<String, String> prefixes, int prefixAt, int baseAt) {
        ByteArrayOutputStream jena = new ByteArrayOutputStream();
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        write(StreamRDFWriter.getWriterStream(jena, format), format, quads, prefixes, prefixAt, baseAt);
        write(OURS.get(format).apply(ours), format, quads, prefixes, prefixAt, baseAt);
        String expected = jena.toString(StandardCharsets.UTF_8);
        String actual = ours.toString(StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            int at = 0;
            while (at < Math.min(expected.length(), actual.length()) && expected.charAt(at) == actual.charAt(at))
                at++;
            int from = Math.max(0, at - 200);
            assertEquals(expected.substring(from, Math.min(expected.length(), at + 200)),
                    actual.substring(from, Math.min(actual.length(), at + 200)),
                    format + ": our dump differs from Jena's at character " + at + " of " + expected.length());
        }
        assertEquals(jena.size(), ours.size(), format + ": as many bytes as Jena writes");
        assertTrue(java.util.Arrays.equals(jena.toByteArray(), ours.toByteArray()), format + ": the same bytes as Jena writes");
    }

    private static void write(StreamRDF out, RDFFormat format, List<Quad> quads, Map<String, String> prefixes, int prefixAt, int baseAt) {
        out.start();
        if (format != RDFFormat.NQUADS)
            prefixes.forEach(out::prefix);
        for (int i = 0; i < quads.size(); i++) {
            if (i == prefixAt)
                out.prefix("late", ID + "late/");
            if (i == baseAt)
                out.base(ID + "base/");
            Quad q = quads.get(i);
            if (format == RDFFormat.TURTLE_BLOCKS)
                out.triple(q.asTriple());
            else
                out.quad(q);
        }
        out.finish();
    }

    private static Map<String, String> prefixes(boolean rdf) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        if (rdf)
            p.put("rdf", RDF.getURI());
        p.put("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
        p.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        p.put("aih", AIH);
        p.put("id", ID);
        p.put("", "http://example.org/");
        return p;
    }

    /** Random quads, grouped by graph and subject now and then (as a store's index gives them), else shuffled. */
    private static List<Quad> randomQuads(Random r, int n) {
        Node[] graphs = { Quad.defaultGraphIRI, Quad.defaultGraphNodeGenerated, iri(ID + "graph/data"), iri(ID + "ev-1"),
                iri("http://other.example/g#1"), NodeFactory.createBlankNode("g1") };
        List<Quad> quads = new ArrayList<>();
        for (int i = 0; i < n; i++)
            quads.add(Quad.create(graphs[r.nextInt(graphs.length)], subject(r), predicate(r), object(r)));
        if (r.nextBoolean())
            quads.sort(Comparator.comparing((Quad q) -> q.getGraph().toString()).thenComparing(q -> q.getSubject().toString())
                    .thenComparing(q -> q.getPredicate().toString()));
        return quads;
    }

    private static Node subject(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> NodeFactory.createBlankNode("b" + r.nextInt(5));
            case 1 -> iri(ID + "a-very-long-subject-name-beyond-twenty-" + r.nextInt(3));
            case 2 -> iri("http://other.example/path/" + r.nextInt(4));
            default -> iri(ID + localName(r));
        };
    }

    private static Node predicate(Random r) {
        return switch (r.nextInt(9)) {
            case 0, 1 -> RDF.type.asNode();
            case 2 -> iri("http://www.w3.org/2000/01/rdf-schema#label");
            case 3 -> iri(AIH + "aPredicateWhoseNameIsLongerThanThirty" + r.nextInt(2));
            case 4 -> iri("http://other.example/vocab/p" + r.nextInt(3));
            case 5 -> iri(AIH + "p." + r.nextInt(2));
            default -> iri(AIH + "basedIn");
        };
    }

    private static Node object(Random r) {
        TypeMapper types = TypeMapper.getInstance();
        String xsd = "http://www.w3.org/2001/XMLSchema#";
        return switch (r.nextInt(16)) {
            case 0 -> NodeFactory.createBlankNode();
            case 1 -> NodeFactory.createLiteralLang("벤치 기업 " + r.nextInt(9) + "은 \"인용\"", "ko");
            case 2 -> NodeFactory.createLiteralLang("Bench\ncompany\t\\ " + r.nextInt(9), r.nextBoolean() ? "en" : "en-GB");
            case 3 -> NodeFactory.createLiteralDT(Integer.toString(r.nextInt(2000) - 1000), types.getSafeTypeByName(xsd + "integer"));
            case 4 -> NodeFactory.createLiteralDT(r.nextBoolean() ? "1.5" : "-0.25", types.getSafeTypeByName(xsd + "decimal"));
            case 5 -> NodeFactory.createLiteralDT(r.nextBoolean() ? "1.0E5" : "2e-3", types.getSafeTypeByName(xsd + "double"));
            case 6 -> NodeFactory.createLiteralDT(r.nextBoolean() ? "true" : "1", types.getSafeTypeByName(xsd + "boolean"));
            case 7 -> NodeFactory.createLiteralDT("2020-05-29", types.getSafeTypeByName(xsd + "date"));
            case 8 -> NodeFactory.createLiteralDT("x", types.getSafeTypeByName("http://other.example/dt"));
            case 9 -> NodeFactory.createLiteralString("plain " + r.nextInt(5) + " \uD83D\uDE00\uD83E\uDD2F \r end");
            case 10 -> NodeFactory.createLiteralDT("007", types.getSafeTypeByName(xsd + "integer"));
            case 11 -> iri("http://other.example/a b>c{" + r.nextInt(3));
            default -> iri(ID + localName(r));
        };
    }

    private static String localName(Random r) {
        String[] names = { "kaggle", "china", "section-introduction", "a.", "1abc", "x_y", "", "한국", "%20x", "a#b", "a/b", "é", "a:b", "-x", "a.b", "late/x", "base/y" };
        return names[r.nextInt(names.length)];
    }

    private static Node iri(String s) { return NodeFactory.createURI(s); }
}
