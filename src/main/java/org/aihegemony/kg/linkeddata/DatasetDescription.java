package org.aihegemony.kg.linkeddata;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.linkeddata.describe.DumpWriters;
import org.aihegemony.kg.store.StoreBuilder;
import org.aihegemony.kg.store.StoreDescriber;
import org.aihegemony.kg.store.TdbScan;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;

/**
 * Describes a built dataset, once, when the store is built: writes its dumps (the whole dataset as
 * TriG and N-Quads, the default graph — the union — as Turtle) into the store's {@code dumps/}
 * folder, and returns its VoID description, which the builder stores in the graph
 * {@link AIH#GRAPH_VOID} and the server serves at {@code /.well-known/void}.
 * <p>
 * The counts and the dumps cover every graph but the VoID graph itself: a dump cannot hold its own
 * checksum. Counts are of distinct triples of the union, as a SPARQL query over the default graph
 * sees them.
 */
public final class DatasetDescription {
    /** The folder, inside a built store, that holds the dumps. */
    public static final String DUMPS = "dumps";

    /** One dump file. */
    public record Dump(String file, String mediaType, String title) { }

    public static final List<Dump> FILES = List.of(
            new Dump("aihegemony.trig", "application/trig", "Every graph, as TriG (evidence passages as named graphs)"),
            new Dump("aihegemony.nq", "application/n-quads", "Every graph, as N-Quads"),
            new Dump("aihegemony.ttl", "text/turtle", "The default graph (the union of all graphs), as Turtle"));

    private DatasetDescription() {}

    /** The IRI of the VoID document, and of the dataset it describes. */
    public static String document(Base base) { return base.iri() + "void"; }
    public static String dataset(Base base) { return document(base) + "#dataset"; }

    /**
     * How the build describes a new store ({@link StoreBuilder}): the dumps into its {@value #DUMPS} folder,
     * the VoID graph for the standard base.
     */
    public static final StoreDescriber FOR_BUILD = (dsg, storeDir) -> describe(dsg, storeDir.resolve(DUMPS), Base.standard());

    /**
     * Writes the dumps of a TDB2 store into {@code dumpsDir} and returns its VoID graph, streaming: the
     * quads go to the TriG and N-Quads writers ({@link DumpWriters}: Jena's output, written faster) as the
     * store's index yields them, the union's distinct triples to the Turtle writer and the counters in subject order, and distinct objects are counted in
     * object order; the heap holds counters, never the data. Call in a read transaction, before the VoID
     * graph is added.
     */
    public static StoreDescriber.Description describe(DatasetGraph dsg, Path dumpsDir, Base base) {
        Map<String, Dumped> written = new HashMap<>();
        Map<Node, Long> reserved = new HashMap<>();
        long[] quads = {0};
        Counts c;
        TdbScan scan = TdbScan.open(dsg);
        try {
            Files.createDirectories(dumpsDir);
            try (Dumped trig = new Dumped(dumpsDir.resolve(FILES.get(0).file()));
                 Dumped nq = new Dumped(dumpsDir.resolve(FILES.get(1).file()))) {
                StreamRDF toTrig = DumpWriters.trigBlocks(trig.out);
                StreamRDF toNq = DumpWriters.nquads(nq.out);
                toTrig.start();
                toNq.start();
                Terms.prefixes(Base.standard()).getNsPrefixMap().forEach(toTrig::prefix);
                scan.quads().forEachRemaining(q -> {
                    quads[0]++;
                    toTrig.quad(q);
                    toNq.quad(q);
                    if (ResourceDescription.reserved(q.getGraph()))
                        reserved.merge(q.getGraph(), 1L, Long::sum);
                });
                toTrig.finish();
                toNq.finish();
                written.put(FILES.get(0).file(), trig);
                written.put(FILES.get(1).file(), nq);
            }
            try (Dumped ttl = new Dumped(dumpsDir.resolve(FILES.get(2).file()))) {
                StreamRDF toTtl = DumpWriters.turtleBlocks(ttl.out);
                toTtl.start();
                Terms.prefixes(Base.standard()).getNsPrefixMap().forEach(toTtl::prefix);
                c = StoreCounts.count(dsg, scan, base, toTtl);
                toTtl.finish();
                written.put(FILES.get(2).file(), ttl);
            }
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot write the dumps in " + dumpsDir + ": " + e.getMessage(), e);
        }
        long graphs = 0;
        for (var it = dsg.listGraphNodes(); it.hasNext(); it.next())
            graphs++;
        Graph v = voidGraph(dsg, base, written, c, reserved);
        return new StoreDescriber.Description(v, quads[0], graphs, c.triples, reserved);
    }

    /** A dump being written: its bytes are counted and hashed on the way to the file. */
    static final class Dumped implements AutoCloseable {
        final MessageDigest sha256;
        final CountingOutputStream counter;
        final OutputStream out;

        Dumped(Path file) throws IOException {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            counter = new CountingOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            out = new DigestOutputStream(counter, sha256);
        }

        long size() { return counter.count; }

        String hex() { return HexFormat.of().formatHex(sha256.digest()); }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) { super(out); }

        @Override public void write(int b) throws IOException { out.write(b); count++; }

        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); count += len; }
    }

    private static Graph voidGraph(DatasetGraph dsg, Base base, Map<String, Dumped> dumps, Counts c, Map<Node, Long> reserved) {
        Graph v = GraphFactory.createDefaultGraph();
        Node doc = uri(document(base));
        Node ds = uri(dataset(base));
        Node type = RDF.type.asNode();
        v.add(doc, type, voidTerm("DatasetDescription"));
        v.add(doc, uri(Terms.DCTERMS + "title"), NodeFactory.createLiteralLang("VoID description of the AI Hegemony KG", "en"));
        v.add(doc, uri("http://xmlns.com/foaf/0.1/primaryTopic"), ds);

        v.add(ds, type, voidTerm("Dataset"));
        v.add(ds, Terms.title, NodeFactory.createLiteralLang("AI Hegemony KG", "en"));
        v.add(ds, Terms.title, NodeFactory.createLiteralLang("AI 패권 지식그래프", "ko"));
        v.add(ds, Terms.description, NodeFactory.createLiteralLang("A knowledge graph of the US-China race for AI "
                + "leadership as told by one Korean policy article (SPRi, 2020-05-29), with every fact traceable to the "
                + "sentence that states it: each evidence passage is a named graph holding the facts it states.", "en"));
        v.add(ds, uri(Terms.DCTERMS + "modified"), NodeFactory.createLiteralDT(LocalDate.now(ZoneOffset.UTC).toString(), XSDDatatype.XSDdate));
        v.add(ds, uri("http://xmlns.com/foaf/0.1/homepage"), uri(base.iri()));
        Node ontology = uri(base.ontology());
        Graph onto = dsg.getGraph(AIH.node(AIH.GRAPH_ONTOLOGY));
        onto.find(ontology, Terms.license, Node.ANY).forEachRemaining(t -> v.add(ds, Terms.license, t.getObject()));
        onto.find(ontology, Terms.source, Node.ANY).forEachRemaining(t -> v.add(ds, Terms.source, t.getObject()));
        v.add(ds, voidTerm("sparqlEndpoint"), uri(base.sparqlEndpoint()));
        v.add(ds, voidTerm("uriSpace"), NodeFactory.createLiteralString(base.id()));
        v.add(ds, voidTerm("rootResource"), ontology);
        v.add(ds, voidTerm("feature"), uri(Terms.FORMATS + "Turtle"));
        v.add(ds, voidTerm("feature"), uri(Terms.FORMATS + "TriG"));

        v.add(ds, voidTerm("triples"), integer(c.triples));
        v.add(ds, voidTerm("entities"), integer(c.entities));
        v.add(ds, voidTerm("classes"), integer(c.classes.size()));
        v.add(ds, voidTerm("properties"), integer(c.properties.size()));
        v.add(ds, voidTerm("distinctSubjects"), integer(c.subjects));
        v.add(ds, voidTerm("distinctObjects"), integer(c.objects));
        for (String ns : c.vocabularies)
            v.add(ds, voidTerm("vocabulary"), uri(ns));
        for (Node ex : c.examples)
            v.add(ds, voidTerm("exampleResource"), ex);

        int i = 0;
        for (Map.Entry<Node, Long> e : c.classes.entrySet()) {
            Node part = uri(document(base) + "#class-" + (++i));
            v.add(ds, voidTerm("classPartition"), part);
            v.add(part, voidTerm("class"), e.getKey());
            v.add(part, voidTerm("entities"), integer(e.getValue()));
        }
        i = 0;
        for (Map.Entry<Node, Long> e : c.properties.entrySet()) {
            Node part = uri(document(base) + "#property-" + (++i));
            v.add(ds, voidTerm("propertyPartition"), part);
            v.add(part, voidTerm("property"), e.getKey());
            v.add(part, voidTerm("triples"), integer(e.getValue()));
        }
        for (String g : List.of(AIH.GRAPH_ONTOLOGY, AIH.GRAPH_SHAPES, AIH.GRAPH_DATA, AIH.GRAPH_INFERRED)) {
            Node part = uri(document(base) + "#graph-" + g.substring(g.lastIndexOf('/') + 1));
            v.add(ds, voidTerm("subset"), part);
            v.add(part, type, voidTerm("Dataset"));
            v.add(part, uri(Terms.SD + "name"), uri(g));
            v.add(part, voidTerm("triples"), integer(reserved.getOrDefault(AIH.node(g), 0L)));
        }
        Node evidence = uri(document(base) + "#evidence");
        v.add(ds, voidTerm("subset"), evidence);
        v.add(evidence, type, voidTerm("Dataset"));
        v.add(evidence, Terms.description, NodeFactory.createLiteralLang(
                "The facts: one named graph per evidence passage, named by the passage's IRI", "en"));
        v.add(evidence, voidTerm("triples"), integer(c.evidenceQuads));

        for (Dump d : FILES) {
            Dumped dumped = dumps.get(d.file());
            Node dump = uri(base.iri() + DUMPS + "/" + d.file());
            v.add(ds, voidTerm("dataDump"), dump);
            v.add(dump, Terms.title, NodeFactory.createLiteralLang(d.title(), "en"));
            v.add(dump, uri(Terms.DCAT + "mediaType"), uri("https://www.iana.org/assignments/media-types/" + d.mediaType()));
            v.add(dump, uri(Terms.DCTERMS + "format"), NodeFactory.createLiteralString(d.mediaType()));
            v.add(dump, uri(Terms.DCAT + "byteSize"), NodeFactory.createLiteralDT(Long.toString(dumped.size()), XSDDatatype.XSDnonNegativeInteger));
            Node checksum = uri(dump.getURI() + "#sha256");
            v.add(dump, uri(Terms.SPDX + "checksum"), checksum);
            v.add(checksum, type, uri(Terms.SPDX + "Checksum"));
            v.add(checksum, uri(Terms.SPDX + "algorithm"), uri(Terms.SPDX + "checksumAlgorithm_sha256"));
            v.add(checksum, uri(Terms.SPDX + "checksumValue"), NodeFactory.createLiteralDT(dumped.hex(), XSDDatatype.XSDhexBinary));
        }
        return v;
    }

    /** Counts over the distinct triples of every graph. */
    static final class Counts {
        long triples, entities, subjects, objects, evidenceQuads, evidenceGraphs;
        final Map<Node, Long> classes = new TreeMap<>(Comparator.comparing(Node::getURI));
        final Map<Node, Long> properties = new TreeMap<>(Comparator.comparing(Node::getURI));
        final Set<String> vocabularies = new TreeSet<>();
        final List<Node> examples = new ArrayList<>();
    }

    static String namespace(String iri) {
        int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return i < 0 ? iri : iri.substring(0, i + 1);
    }

    private static Node voidTerm(String local) {
        return uri(Terms.VOID + local);
    }

    private static Node uri(String iri) {
        return NodeFactory.createURI(iri);
    }

    private static Node integer(long n) {
        return NodeFactory.createLiteralDT(Long.toString(n), XSDDatatype.XSDinteger);
    }
}
