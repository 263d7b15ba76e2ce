package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.util.IsoMatcher;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dereferencing IRIs over real HTTP: 303 routing, content negotiation, suffixes, 404 and 406, pages. */
class TestResourceRoutes {
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    static final Map<String, Lang> TRIPLE_FORMATS = Map.of("text/turtle", Lang.TURTLE, "application/n-triples", Lang.NTRIPLES,
            "application/ld+json", Lang.JSONLD, "application/rdf+xml", Lang.RDFXML);

    @TempDir
    static Path tmp;
    static LinkedDataServer ld;

    @BeforeAll
    static void start() {
        ld = LinkedDataServer.start(tmp);
    }

    @AfterAll
    static void stop() {
        if (ld != null)
            ld.close();
    }

    static Graph parse(String body, Lang lang) {
        Graph g = GraphFactory.createDefaultGraph();
        RDFParser.fromString(body, lang).base("http://base.invalid/").parse(g);
        return g;
    }

    static Node id(String name) {
        return NodeFactory.createURI(LinkedDataServer.ID + name);
    }

    @Test
    void storeGraphIrisResolveToTheirGraphStoreRead() {
        HttpResponse<String> r = ld.get("/graph/ontology", "Accept", "text/turtle");
        assertEquals(303, r.statusCode(), "a graph IRI is answered with 303");
        String location = r.headers().firstValue("Location").orElse("");
        assertEquals("/kg/get?graph=https%3A%2F%2Fw3id.org%2Faihegemony%2Fgraph%2Fontology", location,
                "it points at the Graph Store read of that graph");
        HttpResponse<String> g = ld.get(location, "Accept", "text/turtle");
        assertEquals(200, g.statusCode(), "the graph is served");
        assertFalse(parse(g.body(), Lang.TURTLE).isEmpty(), "the ontology graph has triples");
        assertEquals(404, ld.get("/graph/nonesuch").statusCode(), "an unknown graph is a 404");
    }

    @Test
    void idRedirectsPeopleToThePageAndProgramsToTheData() {
        Map<String, String> expected = Map.of(BROWSER, "/page/google", "text/html", "/page/google",
                "text/turtle", "/data/google", "application/ld+json", "/data/google", "*/*", "/data/google",
                "application/rdf+xml;q=0.9, text/html;q=0.5", "/data/google");
        expected.forEach((accept, location) -> {
            HttpResponse<String> r = ld.get("/id/google", "Accept", accept);
            assertEquals(303, r.statusCode(), "303 for Accept " + accept);
            assertEquals(location, r.headers().firstValue("Location").orElse(null), "Location for Accept " + accept);
            assertTrue(r.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Accept")),
                    "Vary names Accept for Accept " + accept + ": " + r.headers().map());
        });
        assertEquals("/data/google", ld.get("/id/%67oogle").headers().firstValue("Location").orElse(null),
                "a percent-encoded name is the same name");
        int twice = ld.get("/id/%2567oogle").statusCode();
        assertTrue(twice == 404 || twice == 400, "and is decoded once only (Jetty refuses %25 in a path with 400): " + twice);
        HttpResponse<String> none = ld.get("/id/google");
        assertEquals("/data/google", none.headers().firstValue("Location").orElse(null), "no Accept header gets data");
    }

    @Test
    void unknownNamesAre404AndUnofferedFormats406() {
        for (String path : List.of("/id/no-such-thing", "/data/no-such-thing", "/data/no-such-thing.ttl", "/page/no-such-thing",
                "/data/", "/id/a/b"))
            assertEquals(404, ld.get(path, "Accept", "*/*").statusCode(), "404 for " + path);
        HttpResponse<String> notFound = ld.get("/data/no-such-thing");
        assertTrue(notFound.body().contains("https://w3id.org/aihegemony/id/no-such-thing"), "the 404 names the IRI: " + notFound.body());

        HttpResponse<String> r = ld.get("/data/google", "Accept", "text/csv");
        assertEquals(406, r.statusCode(), "406 for text/csv: " + r.body());
        for (String offered : List.of("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/trig"))
            assertTrue(r.body().contains(offered), "the 406 names " + offered + ": " + r.body());
        assertEquals(406, ld.get("/id/google", "Accept", "image/png").statusCode(), "406 at /id for image/png");
        assertEquals(406, ld.get("/data/google", "Accept", "text/turtle;q=0").statusCode(), "q=0 refuses a format");
    }

    @Test
    void everyFormatParsesBackToTheSameDescription() {
        Graph expected = Txn.calculateRead(ld.store.dataset(), () ->
                ResourceDescription.of(ld.store.dataset().asDatasetGraph(), id("kaggle")).orElseThrow().graph());
        assertTrue(expected.size() > 20, "the description has content: " + expected.size());
        TRIPLE_FORMATS.forEach((mediaType, lang) -> {
            HttpResponse<String> r = ld.get("/data/kaggle", "Accept", mediaType);
            assertEquals(200, r.statusCode(), mediaType + " answers 200");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(mediaType),
                    mediaType + " is the content type: " + r.headers().firstValue("Content-Type"));
            Graph g = parse(r.body(), lang);
            assertTrue(g.isIsomorphicWith(expected), mediaType + " parses back to the description (" + g.size()
                    + " vs " + expected.size() + " triples)");
            String suffix = RdfFormat.byMediaType(mediaType).orElseThrow().suffix;
            HttpResponse<String> bySuffix = ld.get("/data/kaggle." + suffix, "Accept", "text/html");
            assertEquals(200, bySuffix.statusCode(), "." + suffix + " answers 200 whatever Accept says");
            assertTrue(parse(bySuffix.body(), lang).isIsomorphicWith(expected), "." + suffix + " gives the same graph");
            assertEquals("/data/kaggle." + suffix, r.headers().firstValue("Content-Location").orElse(null),
                    "Content-Location names the " + mediaType + " document");
        });
    }

    @Test
    void trigCarriesTheEvidenceGraphs() {
        HttpResponse<String> r = ld.get("/data/kaggle", "Accept", "application/trig");
        assertEquals(200, r.statusCode(), "TriG answers 200");
        DatasetGraph ds = DatasetGraphFactory.createTxnMem();
        RDFParser.fromString(r.body(), Lang.TRIG).parse(ds);
        DatasetGraph expected = Txn.calculateRead(ld.store.dataset(), () ->
                ResourceDescription.of(ld.store.dataset().asDatasetGraph(), id("kaggle")).orElseThrow().dataset());
        assertTrue(IsoMatcher.isomorphic(expected, ds), "TriG parses back to the description's dataset");
        Node acquired = NodeFactory.createURI("https://w3id.org/aihegemony/ontology#acquired");
        assertTrue(ds.contains(id("ev-test-01"), id("google"), acquired, id("kaggle")),
                "the acquisition sits in the graph of the passage that states it");
        assertTrue(ds.getGraph(id("ev-test-02")).size() >= 4, "the second passage's graph holds its founder and figure statements");
        assertFalse(ds.getDefaultGraph().contains(id("google"), acquired, id("kaggle")),
                "a stated fact is not repeated outside its evidence graph");
        Graph union = GraphFactory.createDefaultGraph();
        ds.find().forEachRemaining(q -> union.add(q.asTriple()));
        Graph turtle = parse(ld.get("/data/kaggle.ttl").body(), Lang.TURTLE);
        Graph withoutReification = GraphFactory.createDefaultGraph();
        turtle.find().forEachRemaining(t -> {
            if (!turtle.contains(t.getSubject(), RDF.type.asNode(), RDF.Statement.asNode()))
                withoutReification.add(t);
        });
        assertTrue(withoutReification.size() < turtle.size(), "the Turtle has rdf:Statement nodes");
        assertTrue(union.isIsomorphicWith(withoutReification),
                "the TriG's graphs together say what the Turtle says besides its rdf:Statement nodes");
    }

    @Test
    void tripleFormatsGiveEachStatementItsEvidence() {
        Graph g = parse(ld.get("/data/google.ttl").body(), Lang.TURTLE);
        Node quote = NodeFactory.createURI("https://w3id.org/aihegemony/ontology#quote");
        Node section = NodeFactory.createURI("https://w3id.org/aihegemony/ontology#section");
        assertTrue(g.find(id("ev-test-01"), quote, Node.ANY).hasNext(), "the evidence passage's quote is given");
        assertTrue(g.contains(id("ev-test-01"), section, id("section-platforms")), "and its section");
        assertTrue(g.find(id("section-platforms"), org.apache.jena.vocabulary.RDFS.label.asNode(), Node.ANY).hasNext(),
                "and the section's label");
        boolean reified = g.find(Node.ANY, RDF.subject.asNode(), id("google")).toList().stream().anyMatch(t ->
                g.contains(t.getSubject(), RDF.object.asNode(), id("kaggle"))
                        && g.contains(t.getSubject(), Terms.wasDerivedFrom, id("ev-test-01")));
        assertTrue(reified, "the acquisition is tied to its passage by an rdf:Statement with prov:wasDerivedFrom");
        assertTrue(g.find(id("kaggle"), org.apache.jena.vocabulary.RDFS.label.asNode(), Node.ANY).hasNext(),
                "linked things come with their labels");
        assertTrue(g.contains(id("kaggle"), NodeFactory.createURI("https://w3id.org/aihegemony/ontology#acquiredBy"), id("google")),
                "incoming links are part of the linked resource's description (here, via the inverse) ");
    }

    @Test
    void theDatasetDescriptionIsNotPartOfAResourceDescription() {
        Graph g = parse(ld.get("/data/kaggle.ttl").body(), Lang.TURTLE);
        assertFalse(g.find(Node.ANY, Node.ANY, Node.ANY).toList().stream().anyMatch(t ->
                t.getPredicate().getURI().startsWith("http://rdfs.org/ns/void#")), "no VoID statements (e.g. void:exampleResource)");
    }

    @Test
    void incomingLinksAreDescribed() {
        Graph g = parse(ld.get("/data/anthony-goldbloom.nt").body(), Lang.NTRIPLES);
        Node founder = NodeFactory.createURI("https://w3id.org/aihegemony/ontology#founder");
        assertTrue(g.contains(id("kaggle"), founder, id("anthony-goldbloom")), "the founder link into the resource is given");
    }

    @Test
    void resourcePageShowsLabelsTypesValuesAndEvidence() {
        HttpResponse<String> r = ld.get("/page/kaggle", "Accept", BROWSER);
        assertEquals(200, r.statusCode(), "the page answers 200");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "HTML");
        String html = r.body();
        for (String expected : List.of("캐글", "Kaggle", "Kaggle Inc.", "/term/Platform", "href=\"/page/google\"", "Google · 구글",
                "캐글은 앤서니 골드블룸이 2010년에 창업했으며", "Platform competition", "플랫폼 경쟁", "href=\"/page/ev-test-02\"",
                "600000", "명", "name=\"viewport\"", "href=\"/data/kaggle.ttl\""))
            assertTrue(html.contains(expected), "the page shows " + expected);
        assertTrue(html.contains("2017 &lt;as stated&gt; &amp; unchanged"), "the editorial note is escaped");
        assertFalse(html.contains("<as stated>"), "no unescaped data in the page");
        HttpResponse<String> ev = ld.get("/page/ev-test-02");
        assertTrue(ev.body().contains("Facts this passage states") && ev.body().contains("Anthony Goldbloom"),
                "an evidence page lists the facts its passage states");
    }
}
