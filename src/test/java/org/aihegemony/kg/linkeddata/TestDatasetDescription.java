package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VoID, the service description, the dumps, the ontology document and the home page, over real HTTP. */
class TestDatasetDescription {
    static final String VOID = "http://rdfs.org/ns/void#";
    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    static final String NOT_VOID = "FILTER(?g != <" + AIH.GRAPH_VOID + ">)";

    @TempDir
    static Path tmp;
    static LinkedDataServer ld;
    static Graph voidGraph;
    static Node dataset = NodeFactory.createURI("https://w3id.org/aihegemony/void#dataset");

    @BeforeAll
    static void start() {
        ld = LinkedDataServer.start(tmp);
        HttpResponse<String> r = ld.get("/.well-known/void", "Accept", "text/turtle");
        assertEquals(200, r.statusCode(), "VoID answers: " + r.body());
        voidGraph = TestResourceRoutes.parse(r.body(), Lang.TURTLE);
    }

    @AfterAll
    static void stop() {
        if (ld != null)
            ld.close();
    }

    /** A number the store's SPARQL endpoint (in process) computes. */
    static long storeCount(String select) {
        return Txn.calculateRead(ld.store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(ld.store.dataset()).query(select).build()) {
                return qe.execSelect().next().getLiteral("n").getLong();
            }
        });
    }

    static long voidNumber(Node s, String property) {
        List<org.apache.jena.graph.Triple> l = voidGraph.find(s, NodeFactory.createURI(VOID + property), Node.ANY).toList();
        assertEquals(1, l.size(), "one void:" + property + " of " + s);
        return Long.parseLong(l.get(0).getObject().getLiteralLexicalForm());
    }

    @Test
    void voidCountsEqualTheStoresCounts() {
        assertEquals(storeCount("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } " + NOT_VOID + " } }"),
                voidNumber(dataset, "triples"), "void:triples = distinct triples of every graph but VoID's");
        assertEquals(storeCount("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s ?p ?o } " + NOT_VOID
                + " FILTER(STRSTARTS(STR(?s), \"https://w3id.org/aihegemony/id/\")) }"),
                voidNumber(dataset, "entities"), "void:entities = resources described");
        assertEquals(storeCount("SELECT (COUNT(DISTINCT ?c) AS ?n) { GRAPH ?g { ?x a ?c } " + NOT_VOID + " }"),
                voidNumber(dataset, "classes"), "void:classes = classes used");
        assertEquals(storeCount("SELECT (COUNT(DISTINCT ?p) AS ?n) { GRAPH ?g { ?s ?p ?o } " + NOT_VOID + " }"),
                voidNumber(dataset, "properties"), "void:properties = properties used");
        assertEquals(storeCount("SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s ?p ?o } " + NOT_VOID + " }"),
                voidNumber(dataset, "distinctSubjects"), "void:distinctSubjects");
        Node company = NodeFactory.createURI("https://w3id.org/aihegemony/ontology#Company");
        Node part = voidGraph.find(Node.ANY, NodeFactory.createURI(VOID + "class"), company).next().getSubject();
        assertEquals(storeCount("SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x a <https://w3id.org/aihegemony/ontology#Company> }"),
                voidNumber(part, "entities"), "the Company class partition counts its instances");
        assertTrue(voidGraph.contains(dataset, NodeFactory.createURI(VOID + "sparqlEndpoint"),
                NodeFactory.createURI("https://w3id.org/aihegemony/kg/sparql")), "the endpoint is named");
        assertTrue(voidGraph.contains(dataset, NodeFactory.createURI("http://purl.org/dc/terms/license"),
                NodeFactory.createURI("https://creativecommons.org/licenses/by/4.0/")), "the license is the ontology's");
        assertTrue(voidGraph.contains(dataset, NodeFactory.createURI("http://purl.org/dc/terms/source"),
                NodeFactory.createURI("https://w3id.org/aihegemony/id/article")), "the source is the article");
        for (String ns : List.of("https://w3id.org/aihegemony/ontology#", "http://www.w3.org/2000/01/rdf-schema#", "https://schema.org/"))
            assertTrue(voidGraph.contains(dataset, NodeFactory.createURI(VOID + "vocabulary"), NodeFactory.createURI(ns)),
                    "vocabulary " + ns + " is listed");
    }

    @Test
    void voidIsAlsoInTheStore() {
        Graph stored = Txn.calculateRead(ld.store.dataset(), () -> {
            Graph g = GraphFactory.createDefaultGraph();
            ld.store.dataset().asDatasetGraph().getGraph(AIH.node(AIH.GRAPH_VOID)).find().forEachRemaining(g::add);
            return g;
        });
        assertFalse(stored.isEmpty(), "the store has the VoID graph");
        assertTrue(stored.isIsomorphicWith(voidGraph), "the served VoID is the stored one");
        assertEquals(200, ld.get("/void.jsonld").statusCode(), "and it comes in other formats too");
    }

    @Test
    void dumpsMatchTheirSizeAndChecksumAndTheStore() {
        DatasetGraph store = Txn.calculateRead(ld.store.dataset(), () -> {
            DatasetGraph copy = DatasetGraphFactory.createTxnMem();
            ld.store.dataset().asDatasetGraph().find().forEachRemaining(q -> {
                if (!q.getGraph().getURI().equals(AIH.GRAPH_VOID))
                    copy.add(q);
            });
            return copy;
        });
        for (DatasetDescription.Dump d : DatasetDescription.FILES) {
            HttpResponse<byte[]> r = ld.getBytes("/dumps/" + d.file());
            assertEquals(200, r.statusCode(), d.file() + " answers");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(d.mediaType()), d.file() + " content type");
            Node dump = NodeFactory.createURI("https://w3id.org/aihegemony/dumps/" + d.file());
            assertTrue(voidGraph.contains(dataset, NodeFactory.createURI(VOID + "dataDump"), dump), d.file() + " is a void:dataDump");
            String size = voidGraph.find(dump, NodeFactory.createURI("http://www.w3.org/ns/dcat#byteSize"), Node.ANY).next()
                    .getObject().getLiteralLexicalForm();
            assertEquals(Long.toString(r.body().length), size, d.file() + " has the size VoID gives");
            String sha = voidGraph.find(NodeFactory.createURI(dump.getURI() + "#sha256"),
                    NodeFactory.createURI("http://spdx.org/rdf/terms#checksumValue"), Node.ANY).next().getObject().getLiteralLexicalForm();
            assertEquals(HttpCaching.sha256(r.body()), sha, d.file() + " has the checksum VoID gives");
            String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            if (d.mediaType().equals("text/turtle")) {
                Graph g = TestResourceRoutes.parse(body, Lang.TURTLE);
                assertTrue(g.isIsomorphicWith(store.getUnionGraph()), "the Turtle dump is the union graph");
            } else {
                DatasetGraph parsed = DatasetGraphFactory.createTxnMem();
                RDFParser.fromString(body, d.mediaType().equals("application/trig") ? Lang.TRIG : Lang.NQUADS).parse(parsed);
                assertTrue(org.apache.jena.sparql.util.IsoMatcher.isomorphic(store, parsed), d.file() + " holds every graph of the store");
            }
        }
        assertEquals(404, ld.get("/dumps/../kg-build.properties").statusCode(), "nothing else is served from the store folder");
        assertEquals(404, ld.get("/dumps/other.trig").statusCode(), "only the listed dumps");
    }

    @Test
    void serviceDescriptionParsesAndNamesTheEndpoint() {
        for (String path : List.of("/kg/sparql", "/kg/query")) {
            HttpResponse<String> r = ld.get(path, "Accept", "text/turtle");
            assertEquals(200, r.statusCode(), "GET " + path + " without a query describes the service: " + r.body());
            Graph g = TestResourceRoutes.parse(r.body(), Lang.TURTLE);
            Node endpoint = NodeFactory.createURI(SD + "endpoint");
            Node service = g.find(Node.ANY, endpoint, NodeFactory.createURI("https://w3id.org/aihegemony/kg/sparql")).next().getSubject();
            assertFalse(g.contains(service, endpoint, NodeFactory.createURI(ld.url + path)),
                    "the URL asked (its Host header) is not echoed into the cacheable description (issue 8)");
            assertTrue(g.contains(service, NodeFactory.createURI(SD + "supportedLanguage"), NodeFactory.createURI(SD + "SPARQL11Query")),
                    "SPARQL 1.1 Query");
            assertTrue(g.find(service, NodeFactory.createURI(SD + "resultFormat"), Node.ANY).toList().size() >= 8, "result formats");
            Set<Node> names = new HashSet<>();
            g.find(Node.ANY, NodeFactory.createURI(SD + "name"), Node.ANY).forEachRemaining(t -> names.add(t.getObject()));
            for (String graph : List.of(AIH.GRAPH_DATA, AIH.GRAPH_ONTOLOGY, AIH.GRAPH_INFERRED, LinkedDataServer.ID + "ev-test-01"))
                assertTrue(names.contains(NodeFactory.createURI(graph)), "named graph " + graph + " is listed");
            assertTrue(g.find(Node.ANY, NodeFactory.createURI(SD + "defaultGraph"), Node.ANY).hasNext(), "the default graph is described");
        }
        HttpResponse<String> json = ld.get("/kg/sparql", "Accept", "application/ld+json");
        assertEquals(200, json.statusCode(), "the description negotiates JSON-LD");
        assertFalse(TestResourceRoutes.parse(json.body(), Lang.JSONLD).isEmpty(), "and it parses");
        HttpResponse<String> browser = ld.get("/kg/sparql", "Accept", TestResourceRoutes.BROWSER);
        assertEquals(303, browser.statusCode(), "a browser is sent to the editor");
        HttpResponse<String> query = ld.get("/kg/sparql?query=" + org.aihegemony.kg.Http.enc("ASK {}"), "Accept", "application/sparql-results+json");
        assertTrue(query.statusCode() == 200 && query.body().contains("true"), "queries still reach Fuseki: " + query.body());
    }

    @Test
    void ontologyNegotiatesAndHasAnAnchorPerTerm() {
        Graph turtle = TestResourceRoutes.parse(ld.get("/ontology", "Accept", "*/*").body(), Lang.TURTLE);
        Node company = NodeFactory.createURI("https://w3id.org/aihegemony/ontology#Company");
        assertTrue(turtle.find(company, Node.ANY, Node.ANY).hasNext(), "*/* gets the ontology in Turtle");
        for (String suffix : List.of("ttl", "nt", "jsonld", "rdf")) {
            HttpResponse<String> r = ld.get("/ontology." + suffix);
            assertEquals(200, r.statusCode(), "/ontology." + suffix);
            Graph g = TestResourceRoutes.parse(r.body(), RdfFormat.bySuffix(suffix).orElseThrow().lang);
            assertTrue(g.isIsomorphicWith(turtle), "/ontology." + suffix + " is the same ontology");
        }
        HttpResponse<String> html = ld.get("/ontology", "Accept", TestResourceRoutes.BROWSER);
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "browsers get HTML");
        for (String anchor : List.of("id=\"Company\"", "id=\"acquired\"", "id=\"Evidence\"", "href=\"/term/Company\""))
            assertTrue(html.body().contains(anchor), "the ontology page has " + anchor);
        assertEquals(406, ld.get("/ontology", "Accept", "application/trig").statusCode(), "TriG is not offered for the ontology");
    }

    @Test
    void classAndPropertyPagesListInstancesAndUses() {
        HttpResponse<String> actor = ld.get("/term/Actor");
        assertEquals(200, actor.statusCode(), "the Actor class page answers");
        assertTrue(actor.body().contains("href=\"/page/google\""), "Google is listed as an actor (inferred)");
        HttpResponse<String> acquired = ld.get("/term/acquired");
        assertTrue(acquired.body().contains("href=\"/page/google\"") && acquired.body().contains("href=\"/page/kaggle\""),
                "the acquired property page lists its use");
        assertEquals(404, ld.get("/term/NoSuchTerm").statusCode(), "unknown terms are 404");
    }

    @Test
    void homePageShowsCountsClassesLinksAndTheEditor() {
        HttpResponse<String> r = ld.get("/", "Accept", TestResourceRoutes.BROWSER);
        assertEquals(200, r.statusCode(), "home answers");
        String html = r.body();
        for (String expected : List.of("href=\"/ontology\"", "href=\"/queries\"", "href=\"/dumps/aihegemony.trig\"",
                "href=\"/dumps/aihegemony.nq\"", "href=\"/dumps/aihegemony.ttl\"", "href=\"/page/kaggle\"", "href=\"/term/Company\"",
                "/yasgui/yasgui.min.js", "/yasgui/yasgui.min.css", "id=\"yasgui\"", ">" + voidNumber(dataset, "triples") + "<"))
            assertTrue(html.contains(expected), "the home page has " + expected);
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*\\.(js|css)\".*"), "no script or stylesheet from another site");
        HttpResponse<String> js = ld.get("/yasgui/yasgui.min.js");
        assertEquals(200, js.statusCode(), "the editor is served from the jar");
        assertTrue(js.body().length() > 100_000, "the whole bundle");
        assertEquals(404, ld.get("/yasgui/package.json").statusCode(), "only the editor's bundle is served");
    }
}
