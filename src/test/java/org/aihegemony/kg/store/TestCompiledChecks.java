package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled twins of the costliest checks ({@link CompiledChecks}) report exactly what their SPARQL
 * queries report — same focus, same message, same order, same "more rows" line — on TDB2 stores with and
 * without violations: a hand-written store with each kind of violation, more rows than are shown, and
 * random stores with terms of every kind in every position. A twin runs only for its query's exact text.
 */
class TestCompiledChecks {
    static final Path CHECKS = Fixtures.repository().resolve("queries/checks");

    @TempDir
    Path tmp;

    private final List<Dataset> open = new ArrayList<>();

    @AfterEach
    void expel() {
        open.forEach(d -> TDBInternal.expel(d.asDatasetGraph()));
    }

    DatasetGraph store(String name) {
        Dataset ds = TDB2Factory.connectDataset(tmp.resolve(name).toString());
        KgStore.configure(ds.getContext(), null);
        open.add(ds);
        return ds.asDatasetGraph();
    }

    static SourceFile check(String file) {
        return new SourceFile("queries/checks/" + file, SourceFile.Kind.CHECK, CHECKS.resolve(file));
    }

    /** Both ways over one store, asserted equal; returns the twin's violations. */
    static List<Violation> assertSame(DatasetGraph dsg, CompiledChecks.Twin twin, String what) {
        SourceFile f = check(twin.file());
        List<Violation> compiled = Txn.calculateRead(dsg, () -> Validator.check(f, dsg));
        List<Violation> sparql = Txn.calculateRead(dsg, () -> Validator.sparql(f, dsg));
        assertEquals(sparql, compiled, twin.file() + ": the twin reports what the query reports, in its order, on " + what);
        return compiled;
    }

    @Test
    void eachTwinIsOfARepositoryCheckAsItIsNow() throws IOException {
        for (CompiledChecks.Twin twin : CompiledChecks.TWINS) {
            Path file = CHECKS.resolve(twin.file());
            assertTrue(Files.isRegularFile(file), twin.file() + " is a repository check");
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertEquals(twin.sha256(), CompiledChecks.sha256(text), "queries/checks/" + twin.file()
                    + " has changed since its twin in CompiledChecks was written: make the twin compute the new query "
                    + "and record the new hash (until then the check runs as SPARQL)");
        }
    }

    @Test
    void aTwinRunsOnlyForItsExactTextAndOnlyOverTdb2() throws IOException {
        DatasetGraph dsg = store("one");
        for (CompiledChecks.Twin twin : CompiledChecks.TWINS) {
            String text = Files.readString(CHECKS.resolve(twin.file()), StandardCharsets.UTF_8);
            assertNotNull(CompiledChecks.of(text, dsg), twin.file() + " as it is has its twin");
            assertNotNull(CompiledChecks.of(text.replace("\n", "\r\n"), dsg), twin.file() + " with CRLF line endings has its twin");
            assertNull(CompiledChecks.of(text + "\n# edited\n", dsg), twin.file() + " edited runs as SPARQL");
            assertNull(CompiledChecks.of(text, DatasetGraphFactory.createTxnMem()), twin.file() + " over a memory dataset runs as SPARQL");
        }
    }

    static final String VIOLATIONS = """
            @prefix aih:  <https://w3id.org/aihegemony/ontology#> .
            @prefix aihr: <https://w3id.org/aihegemony/id/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            <https://w3id.org/aihegemony/graph/ontology> {
                aih:Company rdfs:subClassOf aih:Organization . aih:Organization rdfs:subClassOf aih:Actor .
                aih:Place <http://www.w3.org/2002/07/owl#disjointWith> aih:Actor .
                [] a <http://www.w3.org/2002/07/owl#AllDisjointClasses> ;
                   <http://www.w3.org/2002/07/owl#members> ( aih:Company aih:Place aih:Evidence ) . }
            <https://w3id.org/aihegemony/graph/data> {
                aihr:acme a aih:Company ; rdfs:label "애크미"@ko , "Acme"@en ; skos:prefLabel "ACME"@en ; aih:focus "robots"@en .
                aihr:beta a aih:Company ; rdfs:label "Acme"@en ; aih:userCount 42 .
                aihr:gamma rdfs:label "감마"@ko-KR , "Acme"@en , "Gamma, a company whose English label is far too long to be a name"@en .
                aihr:delta-report a aih:Policy ; rdfs:label "A policy document's English title may well be longer than sixty"@en .
                aihr:delta rdfs:label "Delta" ; aih:partOf aihr:acme , _:b .
                _:b rdfs:label "Acme"@en .
                <http://example.org/outside> rdfs:label "Acme"@en ; aih:focus "x" .
                aihr:ev-1 a aih:Evidence ; rdfs:label "근거"@ko , "Evidence"@en ; aih:quote "문장"@ko .
                aihr:sec-1 a aih:Section ; aih:title "절"@ko .
                aihr:ev-2 rdfs:label "가짜 근거"@ko , "Fake evidence"@en .
                aihr:ev-3 a aih:Evidence ; rdfs:label "빈 근거"@ko , "Empty evidence"@en ; aih:quote " 앞 공백"@ko .
                aihr:Untyped_Thing aih:partOf aihr:acme . }
            aihr:Bad_Graph { aihr:acme aih:focus "x" . }
            aihr:ev-1 { aihr:acme aih:focus "robots"@en . aihr:beta aih:basedIn aihr:nowhere . }
            aihr:ev-2 { aihr:beta aih:userCount 42 . }
            <https://w3id.org/aihegemony/graph/inferred> {
                aihr:acme a aih:Organization , aih:Actor , aih:Agent .
                aihr:beta a aih:Company , aih:Place .
                aihr:gamma a aih:Actor .
                aihr:nowhere a aih:Place . }
            """;

    @Test
    void aStoreWithEveryKindOfViolation() {
        DatasetGraph dsg = store("violations");
        Txn.executeWrite(dsg, () -> RDFParser.fromString(VIOLATIONS, org.apache.jena.riot.Lang.TRIG).parse(dsg));
        int reported = 0;
        for (CompiledChecks.Twin twin : CompiledChecks.TWINS) {
            List<Violation> v = assertSame(dsg, twin, "the store with violations");
            assertFalse(v.isEmpty(), twin.file() + " finds the store's violations: " + v);
            reported += v.size();
        }
        assertTrue(reported >= 20, "the checks find at least 20 violations, found " + reported);
    }

    @Test
    void moreRowsThanAreShownComeInTheQueryOrder() {
        // evidence-graph: 140 named graphs in id/ without an evidence node; the others as before
        Node q = NodeFactory.createURI(AIH.quote);
        DatasetGraph dsg = store("many");
        Node data = NodeFactory.createURI(AIH.GRAPH_DATA), inferred = NodeFactory.createURI(AIH.GRAPH_INFERRED);
        Txn.executeWrite(dsg, () -> {
            Node ont = NodeFactory.createURI(AIH.GRAPH_ONTOLOGY);
            for (int k = 0; k < 2; k++) // disjoint-class: C0 and C1, C1 and C2 (28 resources each have both)
                dsg.add(ont, NodeFactory.createURI(AIH.NS + "C" + k), org.apache.jena.vocabulary.OWL.disjointWith.asNode(),
                        NodeFactory.createURI(AIH.NS + "C" + (k + 1)));
            for (int i = 0; i < 140; i++) {
                Node r = NodeFactory.createURI(AIH.ID + (i % 2 == 0 ? "r-" : "R_") + Integer.toString(i * 7919 % 140, 36));
                dsg.add(data, r, RDFS.label.asNode(), NodeFactory.createLiteralLang("same " + (i % 3), "en"));
                dsg.add(data, r, RDFS.label.asNode(), NodeFactory.createLiteralLang("A label of resource " + i
                        + " that is long enough to read like a description", "en"));
                dsg.add(data, r, NodeFactory.createURI(AIH.NS + "focus"), NodeFactory.createLiteralString("f" + i));
                dsg.add(inferred, r, RDF.type.asNode(), NodeFactory.createURI(AIH.NS + "C" + (i % 5)));
                dsg.add(r, r, q, NodeFactory.createLiteralString("quote " + i));
                dsg.add(r, r, RDF.type.asNode(), NodeFactory.createURI(AIH.NS + "C" + ((i + 1) % 5)));
            }
        });
        for (CompiledChecks.Twin twin : CompiledChecks.TWINS) {
            List<Violation> v = assertSame(dsg, twin, "140 resources");
            assertEquals(Validator.MAX_ROWS_PER_CHECK + 1, v.size(), twin.file() + " shows the first rows and a line for the rest: " + v);
        }
    }

    @Test
    void randomStores() {
        for (int seed = 1; seed <= 12; seed++) {
            DatasetGraph dsg = store("random-" + seed);
            Random rnd = new Random(seed);
            Txn.executeWrite(dsg, () -> fill(dsg, rnd));
            for (CompiledChecks.Twin twin : CompiledChecks.TWINS)
                assertSame(dsg, twin, "random store " + seed);
        }
    }

    /** A few hundred quads over a small vocabulary, so that every check both finds and misses things. */
    static void fill(DatasetGraph dsg, Random rnd) {
        List<Node> graphs = new ArrayList<>(List.of(NodeFactory.createURI(AIH.GRAPH_DATA), NodeFactory.createURI(AIH.GRAPH_INFERRED),
                NodeFactory.createURI(AIH.GRAPH_ONTOLOGY)));
        List<Node> resources = new ArrayList<>();
        for (int i = 0; i < 14; i++)
            resources.add(NodeFactory.createURI(AIH.ID + (i % 5 == 0 ? "R_" : "r-") + i));
        resources.add(NodeFactory.createURI("http://example.org/x"));
        resources.add(NodeFactory.createBlankNode("b1"));
        for (int i = 0; i < 5; i++) {
            Node ev = NodeFactory.createURI(AIH.ID + (i == 4 ? "Bad_Graph" : "ev-" + i));
            resources.add(ev);
            graphs.add(ev);
        }
        List<Node> classes = new ArrayList<>();
        for (String c : List.of("Evidence", "Section", "Company", "Organization", "Actor", "Place", "Policy"))
            classes.add(NodeFactory.createURI(AIH.NS + c));
        classes.add(NodeFactory.createBlankNode("anon-class"));
        List<Node> predicates = List.of(RDF.type.asNode(), RDFS.label.asNode(), SKOS.prefLabel.asNode(), RDFS.subClassOf.asNode(),
                NodeFactory.createURI(AIH.NS + "focus"), NodeFactory.createURI(AIH.NS + "basedIn"), NodeFactory.createURI(AIH.quote));
        List<Node> quotes = List.of(NodeFactory.createLiteralLang("문장", "ko"), NodeFactory.createLiteralLang(" 앞 공백", "ko"),
                NodeFactory.createLiteralString("trailing\t"), NodeFactory.createURI(AIH.ID + "quote-iri"));
        List<Node> literals = List.of(NodeFactory.createLiteralLang("하나", "ko"), NodeFactory.createLiteralLang("One", "en"),
                NodeFactory.createLiteralLang("A label that reads like a whole description of the thing it names, not a name", "en-US"),
                NodeFactory.createLiteralLang("Sixty-one characters exactly, counted as code points: 𝔸𝔹ℂ𝔻𝔼𝔽𝔾", "en"),
                NodeFactory.createLiteralLang("Sixty characters exactly, counted as code points here: 𝔸𝔹ℂ𝔻𝔼", "en"),
                NodeFactory.createLiteralLang("둘", "ko-KR"), NodeFactory.createLiteralLang("Two", "EN-gb"),
                NodeFactory.createLiteralString("plain"), NodeFactory.createLiteralDT("7", org.apache.jena.datatypes.xsd.XSDDatatype.XSDinteger),
                NodeFactory.createLiteralLang("One", "fr"));
        // disjointness: a pair stated both ways, one stated once, and a list of three (its cells in the ontology graph)
        Node ont = NodeFactory.createURI(AIH.GRAPH_ONTOLOGY), disjoint = org.apache.jena.vocabulary.OWL.disjointWith.asNode();
        dsg.add(ont, classes.get(2), disjoint, classes.get(5));
        dsg.add(ont, classes.get(5), disjoint, classes.get(2));
        dsg.add(ont, classes.get(6), disjoint, classes.get(3));
        Node axiom = NodeFactory.createBlankNode("axiom"), c1 = NodeFactory.createBlankNode("c1"), c2 = NodeFactory.createBlankNode("c2"),
                c3 = NodeFactory.createBlankNode("c3");
        dsg.add(ont, axiom, RDF.type.asNode(), org.apache.jena.vocabulary.OWL.AllDisjointClasses.asNode());
        dsg.add(ont, axiom, org.apache.jena.vocabulary.OWL.members.asNode(), c1);
        dsg.add(ont, c1, RDF.first.asNode(), classes.get(0));
        dsg.add(ont, c1, RDF.rest.asNode(), c2);
        dsg.add(ont, c2, RDF.first.asNode(), classes.get(1));
        dsg.add(ont, c2, RDF.rest.asNode(), c3);
        dsg.add(ont, c3, RDF.first.asNode(), classes.get(4));
        dsg.add(ont, c3, RDF.rest.asNode(), RDF.nil.asNode());
        int n = 150 + rnd.nextInt(250);
        for (int k = 0; k < n; k++) {
            Node g = graphs.get(rnd.nextInt(graphs.size()));
            Node p = predicates.get(rnd.nextInt(predicates.size()));
            Node s = p.equals(RDFS.subClassOf.asNode()) ? classes.get(rnd.nextInt(classes.size())) : resources.get(rnd.nextInt(resources.size()));
            Node o;
            if (p.equals(RDF.type.asNode()) || p.equals(RDFS.subClassOf.asNode()))
                o = classes.get(rnd.nextInt(classes.size()));
            else if (p.getURI().equals(AIH.quote))
                o = quotes.get(rnd.nextInt(quotes.size()));
            else if (p.equals(RDFS.label.asNode()) || p.equals(SKOS.prefLabel.asNode()) || rnd.nextBoolean())
                o = literals.get(rnd.nextInt(literals.size()));
            else
                o = resources.get(rnd.nextInt(resources.size()));
            dsg.add(g, s, p, o);
        }
    }
}
