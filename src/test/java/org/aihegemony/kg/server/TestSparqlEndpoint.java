package org.aihegemony.kg.server;

import static org.aihegemony.kg.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SPARQL endpoint over real HTTP, against a real TDB2 store built from the test fixtures. */
class TestSparqlEndpoint {
    static final String PREFIXES = "PREFIX aih: <https://w3id.org/aihegemony/ontology#>\n"
            + "PREFIX aihr: <https://w3id.org/aihegemony/id/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";
    /** A query whose answer is large enough to run for a long time on any store of the fixture's size. */
    static final String SLOW = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }";

    @TempDir
    static Path tmp;
    static KgStore store;
    static FusekiServer server;
    static String base;

    @BeforeAll
    static void start() {
        Path sources = Fixtures.basicSources(tmp);
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false);
        store = KgStore.open(r.store(), Duration.ofSeconds(2));
        server = KgServer.start(store, new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(2), 8L * 1024 * 1024, false));
        base = "http://127.0.0.1:" + server.getHttpPort();
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) server.stop();
        } finally {
            if (store != null) store.close();
        }
    }

    static HttpResponse<String> query(String q, String accept) {
        return Http.get(base + "/kg/sparql?query=" + enc(PREFIXES + q), accept);
    }

    static ResultSet parse(HttpResponse<String> resp, Lang lang) {
        return ResultSetFactory.copyResults(ResultSetMgr.read(
                new ByteArrayInputStream(resp.body().getBytes(StandardCharsets.UTF_8)), lang));
    }

    static Model parseRdf(HttpResponse<String> resp, Lang lang) {
        Model m = ModelFactory.createDefaultModel();
        RDFParser.fromString(resp.body(), lang).parse(m);
        return m;
    }

    @Test
    void selectInEveryResultFormat() {
        String q = "SELECT ?name { aihr:google rdfs:label ?name FILTER(lang(?name) = 'en') }";
        for (var f : new Object[][] { { "application/sparql-results+json", ResultSetLang.RS_JSON },
                { "application/sparql-results+xml", ResultSetLang.RS_XML }, { "text/csv", ResultSetLang.RS_CSV },
                { "text/tab-separated-values", ResultSetLang.RS_TSV } }) {
            HttpResponse<String> resp = query(q, (String) f[0]);
            assertEquals(200, resp.statusCode(), f[0] + " answers 200: " + resp.body());
            assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith((String) f[0]),
                    "content type " + f[0] + " but got " + resp.headers().firstValue("Content-Type"));
            ResultSet rs = parse(resp, (Lang) f[1]);
            assertTrue(rs.hasNext(), f[0] + " has a row");
            assertEquals("Google", rs.next().get("name").asLiteral().getLexicalForm(), f[0] + " has the label");
        }
    }

    @Test
    void selectByPostAndOnEveryQueryPath() {
        String q = PREFIXES + "SELECT ?p { aihr:google ?p ?o }";
        for (String path : new String[] { "/kg/sparql", "/kg/query", "/kg" }) {
            HttpResponse<String> form = Http.send("POST", base + path, "application/x-www-form-urlencoded", "query=" + enc(q));
            assertEquals(200, form.statusCode(), "form POST on " + path + ": " + form.body());
            HttpResponse<String> direct = Http.send("POST", base + path, "application/sparql-query", q);
            assertEquals(200, direct.statusCode(), "sparql-query POST on " + path + ": " + direct.body());
            assertTrue(direct.body().contains("\"p\""), "a JSON answer by default on " + path);
        }
    }

    @Test
    void askConstructAndDescribe() {
        HttpResponse<String> ask = query("ASK { aihr:google aih:acquired aihr:kaggle }", "application/sparql-results+json");
        assertEquals(200, ask.statusCode(), "ASK answers: " + ask.body());
        assertTrue(ask.body().contains("true"), "ASK is true: " + ask.body());

        for (var f : new Object[][] { { "text/turtle", Lang.TURTLE }, { "application/n-triples", Lang.NTRIPLES },
                { "application/ld+json", Lang.JSONLD }, { "application/rdf+xml", Lang.RDFXML } }) {
            HttpResponse<String> c = query("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a aih:Company ; rdfs:label ?l }", (String) f[0]);
            assertEquals(200, c.statusCode(), "CONSTRUCT as " + f[0] + ": " + c.body());
            Model m = parseRdf(c, (Lang) f[1]);
            assertEquals(2, m.size(), "CONSTRUCT as " + f[0] + " parses back to Google's two labels");
            HttpResponse<String> d = query("DESCRIBE aihr:kaggle", (String) f[0]);
            assertEquals(200, d.statusCode(), "DESCRIBE as " + f[0]);
            assertFalse(parseRdf(d, (Lang) f[1]).isEmpty(), "DESCRIBE as " + f[0] + " describes Kaggle");
        }
    }

    @Test
    void entailedTypesAreVisible() {
        HttpResponse<String> resp = query("SELECT ?x { ?x a aih:Actor }", "text/csv");
        assertEquals(200, resp.statusCode(), "query answers");
        assertTrue(resp.body().contains("https://w3id.org/aihegemony/id/google"),
                "Google, a company, is found as an actor: " + resp.body());
    }

    @Test
    void graphStoreReads() {
        HttpResponse<String> resp = Http.get(base + "/kg/get?graph=" + enc("https://w3id.org/aihegemony/graph/ontology"), "text/turtle");
        assertEquals(200, resp.statusCode(), "GSP read of the ontology graph: " + resp.body());
        assertTrue(parseRdf(resp, Lang.TURTLE).size() > 10, "the ontology graph has its triples");
        HttpResponse<String> dflt = Http.get(base + "/kg/get?default", "application/n-triples");
        assertEquals(200, dflt.statusCode(), "GSP read of the default graph");
        Model union = parseRdf(dflt, Lang.NTRIPLES);
        assertTrue(union.contains(union.createResource("https://w3id.org/aihegemony/id/google"),
                org.apache.jena.vocabulary.RDF.type, union.createResource("https://w3id.org/aihegemony/ontology#Actor")),
                "the default graph is the union, entailments included: " + union.size() + " triples");
    }

    @Test
    void updatesAndWritesAreRefused() {
        String insert = PREFIXES + "INSERT DATA { aihr:x rdfs:label \"x\" }";
        int[] codes = {
            Http.send("POST", base + "/kg/sparql", "application/sparql-update", insert).statusCode(),
            Http.send("POST", base + "/kg/sparql", "application/x-www-form-urlencoded", "update=" + enc(insert)).statusCode(),
            Http.send("POST", base + "/kg/update", "application/sparql-update", insert).statusCode(),
            Http.send("POST", base + "/kg", "application/sparql-update", insert).statusCode(),
            Http.send("PUT", base + "/kg/get?default", "text/turtle", "<urn:a> <urn:b> <urn:c> .").statusCode(),
            Http.send("POST", base + "/kg/get?default", "text/turtle", "<urn:a> <urn:b> <urn:c> .").statusCode(),
            Http.send("DELETE", base + "/kg/get?graph=" + enc("https://w3id.org/aihegemony/graph/data"), null, null).statusCode(),
            Http.send("PUT", base + "/kg?default", "text/turtle", "<urn:a> <urn:b> <urn:c> .").statusCode(),
            Http.send("PATCH", base + "/kg", "application/rdf-patch", "A <urn:a> <urn:b> <urn:c> .").statusCode(),
            Http.send("POST", base + "/kg/patch", "application/rdf-patch", "A <urn:a> <urn:b> <urn:c> .").statusCode(),
        };
        for (int i = 0; i < codes.length; i++)
            assertTrue(codes[i] >= 400 && codes[i] < 500, "write attempt " + i + " is refused with 4xx, got " + codes[i]);
        HttpResponse<String> check = query("ASK { { aihr:x ?p ?o } UNION { <urn:a> ?p ?o } UNION { GRAPH ?g { <urn:a> ?p ?o } } }",
                "application/sparql-results+json");
        assertTrue(check.body().contains("false"), "nothing was written: " + check.body());
        HttpResponse<String> data = Http.get(base + "/kg/get?graph=" + enc("https://w3id.org/aihegemony/graph/data"), "text/turtle");
        assertEquals(200, data.statusCode(), "the data graph survived the DELETE");
    }

    @Test
    void serviceIsRefusedWithoutAnyRequestLeaving() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0)) {
            listener.setSoTimeout(200);
            Thread t = new Thread(() -> {
                long end = System.currentTimeMillis() + 4000;
                while (System.currentTimeMillis() < end) {
                    try (Socket s = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // keep listening
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.start();
            HttpResponse<String> resp = query("SELECT * { SERVICE <http://127.0.0.1:" + listener.getLocalPort()
                    + "/sparql> { ?s ?p ?o } }", "application/sparql-results+json");
            t.join();
            assertEquals(422, resp.statusCode(), "SERVICE is refused: " + resp.body());
            assertEquals(0, connections.get(), "no request reached the listener");
        }
    }

    @Test
    void slowQueriesAreStoppedWithoutABroken200() {
        HttpResponse<String> counted = query("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                "application/sparql-results+json");
        assertEquals(503, counted.statusCode(), "an aggregate past the limit gets 503: " + counted.body());
        HttpResponse<String> streamed = query(SLOW, "application/sparql-results+json");
        assertEquals(503, streamed.statusCode(), "a streaming SELECT past the limit gets 503, not a broken 200");
        assertTrue(streamed.body().contains("timed out") || streamed.body().contains("larger than"),
                "the 503 says why: " + streamed.body().substring(0, Math.min(200, streamed.body().length())));
    }

    @Test
    void malformedQueryGets400WithTheParserMessage() {
        HttpResponse<String> resp = query("SELECT ?s WHERE { ?s ?p ", "application/sparql-results+json");
        assertEquals(400, resp.statusCode(), "malformed query is a 400");
        assertTrue(resp.body().contains("Line") || resp.body().contains("line"), "the body carries the parser's message: " + resp.body());
    }

    @Test
    void aFailedRebuildLeavesTheServedStoreAnswering() {
        Path broken = tmp.resolve("broken");
        Fixtures.copyTree(tmp.resolve("sources"), broken);
        Fixtures.addFailure(broken, "undefined-prefix.ttl", "rdf");
        org.junit.jupiter.api.Assertions.assertThrows(org.aihegemony.kg.KgException.class,
                () -> new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(broken), false),
                "the broken rebuild fails");
        HttpResponse<String> resp = query("ASK { aihr:google a aih:Company }", "application/sparql-results+json");
        assertEquals(200, resp.statusCode(), "the server still answers after a failed rebuild");
        assertTrue(resp.body().contains("true"), "with the last good data: " + resp.body());
    }

    @Test
    void pingAnswers() {
        HttpResponse<String> resp = Http.get(base + "/$/ping", null);
        assertEquals(200, resp.statusCode(), "ping answers 200");
    }
}
