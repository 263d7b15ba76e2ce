package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.io.OutputStream;
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
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
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
     * Writes the dumps of {@code dsg} into {@code dumpsDir} and returns the VoID graph. Call before the
     * VoID graph is added to the dataset.
     */
    public static Graph describe(DatasetGraph dsg, Path dumpsDir, Base base) {
        Map<String, byte[]> written = writeDumps(dsg, dumpsDir);
        return voidGraph(dsg, base, written);
    }

    private static Map<String, byte[]> writeDumps(DatasetGraph dsg, Path dir) {
        Map<String, byte[]> files = new HashMap<>();
        try {
            Files.createDirectories(dir);
            for (Dump d : FILES) {
                Path f = dir.resolve(d.file());
                try (OutputStream out = Files.newOutputStream(f)) {
                    switch (d.mediaType()) {
                        case "application/trig" -> RDFDataMgr.write(out, withPrefixes(dsg), RDFFormat.TRIG_BLOCKS);
                        case "application/n-quads" -> RDFDataMgr.write(out, dsg, RDFFormat.NQUADS);
                        default -> {
                            Graph union = GraphFactory.createDefaultGraph();
                            dsg.getUnionGraph().find().forEachRemaining(union::add);
                            union.getPrefixMapping().setNsPrefixes(Terms.prefixes(Base.standard()));
                            RDFDataMgr.write(out, union, RDFFormat.TURTLE_BLOCKS);
                        }
                    }
                }
                files.put(d.file(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot write the dumps in " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static DatasetGraph withPrefixes(DatasetGraph dsg) {
        dsg.prefixes().putAll(Terms.prefixes(Base.standard()));
        return dsg;
    }

    private static Graph voidGraph(DatasetGraph dsg, Base base, Map<String, byte[]> dumps) {
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

        Counts c = count(dsg, base);
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
            v.add(part, voidTerm("triples"), integer(dsg.getGraph(AIH.node(g)).size()));
        }
        Node evidence = uri(document(base) + "#evidence");
        v.add(ds, voidTerm("subset"), evidence);
        v.add(evidence, type, voidTerm("Dataset"));
        v.add(evidence, Terms.description, NodeFactory.createLiteralLang(
                "The facts: one named graph per evidence passage, named by the passage's IRI", "en"));
        v.add(evidence, voidTerm("triples"), integer(c.evidenceQuads));

        for (Dump d : FILES) {
            byte[] bytes = dumps.get(d.file());
            Node dump = uri(base.iri() + DUMPS + "/" + d.file());
            v.add(ds, voidTerm("dataDump"), dump);
            v.add(dump, Terms.title, NodeFactory.createLiteralLang(d.title(), "en"));
            v.add(dump, uri(Terms.DCAT + "mediaType"), uri("https://www.iana.org/assignments/media-types/" + d.mediaType()));
            v.add(dump, uri(Terms.DCTERMS + "format"), NodeFactory.createLiteralString(d.mediaType()));
            v.add(dump, uri(Terms.DCAT + "byteSize"), NodeFactory.createLiteralDT(Long.toString(bytes.length), XSDDatatype.XSDnonNegativeInteger));
            Node checksum = uri(dump.getURI() + "#sha256");
            v.add(dump, uri(Terms.SPDX + "checksum"), checksum);
            v.add(checksum, type, uri(Terms.SPDX + "Checksum"));
            v.add(checksum, uri(Terms.SPDX + "algorithm"), uri(Terms.SPDX + "checksumAlgorithm_sha256"));
            v.add(checksum, uri(Terms.SPDX + "checksumValue"), NodeFactory.createLiteralDT(HttpCaching.sha256(bytes), XSDDatatype.XSDhexBinary));
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

    static Counts count(DatasetGraph dsg, Base base) {
        Counts c = new Counts();
        Graph union = dsg.getUnionGraph();
        Set<Node> subjects = new HashSet<>();
        Set<Node> objects = new HashSet<>();
        Set<Node> entities = new HashSet<>();
        Map<Node, Set<Node>> instances = new HashMap<>();
        Map<Node, Long> evidenceMentions = new HashMap<>();
        Node type = RDF.type.asNode();
        for (Triple t : (Iterable<Triple>) () -> union.find()) {
            c.triples++;
            subjects.add(t.getSubject());
            objects.add(t.getObject());
            if (base.nameOf(t.getSubject()).isPresent())
                entities.add(t.getSubject());
            c.properties.merge(t.getPredicate(), 1L, Long::sum);
            if (t.getPredicate().equals(type) && t.getObject().isURI())
                instances.computeIfAbsent(t.getObject(), k -> new HashSet<>()).add(t.getSubject());
        }
        c.entities = entities.size();
        c.subjects = subjects.size();
        c.objects = objects.size();
        instances.forEach((k, v) -> c.classes.put(k, (long) v.size()));
        for (Node n : c.properties.keySet())
            c.vocabularies.add(namespace(n.getURI()));
        for (Node n : c.classes.keySet())
            c.vocabularies.add(namespace(n.getURI()));
        c.vocabularies.remove(base.id());
        Set<Node> evidenceGraphs = new HashSet<>();
        dsg.listGraphNodes().forEachRemaining(g -> {
            if (!ResourceDescription.reserved(g))
                evidenceGraphs.add(g);
        });
        for (Node g : evidenceGraphs) {
            Set<Node> mentioned = new HashSet<>();
            dsg.getGraph(g).find().forEachRemaining(t -> {
                c.evidenceQuads++;
                if (base.nameOf(t.getSubject()).isPresent())
                    mentioned.add(t.getSubject());
            });
            mentioned.forEach(n -> evidenceMentions.merge(n, 1L, Long::sum));
        }
        c.evidenceGraphs = evidenceGraphs.size();
        evidenceMentions.entrySet().stream()
                .sorted(Map.Entry.<Node, Long>comparingByValue().reversed().thenComparing(e -> e.getKey().getURI()))
                .limit(6).forEach(e -> c.examples.add(e.getKey()));
        return c;
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
