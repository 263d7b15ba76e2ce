package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.aihegemony.kg.TestServer;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.SavedQueries;
import org.aihegemony.kg.server.KgServer;
import org.aihegemony.kg.server.ServerSettings;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /search}, {@code /search/suggest} and {@code text:query} over HTTP, on the repository's graph. */
class TestSearchRoutes {
    static final String LAW = "https://w3id.org/aihegemony/id/cybersecurity-law";
    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.serve(Fixtures.repository(), tmp.resolve("store"), Duration.ofSeconds(10), 16L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> get(String pathAndQuery, String accept) {
        return Http.get(server.base + pathAndQuery, accept);
    }

    static JsonObject search(String q, String extra) {
        HttpResponse<String> r = get("/search?q=" + Http.enc(q) + extra, "application/json");
        assertEquals(200, r.statusCode(), "/search?q=" + q + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "JSON: " + r.headers());
        return JSON.parse(r.body());
    }

    static String firstIri(JsonObject o) {
        JsonArray hits = o.get("hits").getAsArray();
        assertTrue(hits.size() > 0, "hits: " + o);
        return hits.get(0).getAsObject().getString("iri");
    }

    @Test
    void koreanNameOfTheLawPutsItFirstWithLabelsTypesSnippetAndScore() {
        JsonObject o = search("사이버보안법", "");
        assertEquals(LAW, firstIri(o), "first hit for 사이버보안법: " + o);
        JsonObject hit = o.get("hits").getAsArray().get(0).getAsObject();
        assertEquals("사이버보안법", hit.get("labels").getAsObject().getString("ko"), "Korean label: " + hit);
        assertEquals("Cybersecurity Law of the PRC", hit.get("labels").getAsObject().getString("en"), "English label: " + hit);
        assertTrue(hit.get("types").toString().contains("DataSovereigntyLaw"), "types: " + hit.get("types"));
        assertEquals("/page/cybersecurity-law", hit.getString("page"), "page link: " + hit);
        assertTrue(hit.get("score").getAsNumber().value().doubleValue() > 0, "score: " + hit);
        JsonObject snippet = hit.get("snippet").getAsObject();
        assertTrue(snippet.getString("text").contains("사이버보안법"), "snippet: " + snippet);
        assertTrue(snippet.get("matches").getAsArray().size() > 0, "the match is located: " + snippet);
    }

    @Test
    void englishNameOfTheLawPutsItFirst() {
        assertEquals(LAW, firstIri(search("Cybersecurity Law", "")), "first hit for Cybersecurity Law");
    }

    @Test
    void limitTwoGivesTwoHitsAndANextLink() {
        HttpResponse<String> r = get("/search?q=" + Http.enc("데이터") + "&limit=2", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject o = JSON.parse(r.body());
        assertEquals(2, o.get("hits").getAsArray().size(), "limit=2: " + o);
        assertTrue(o.get("total").getAsNumber().value().intValue() > 2, "more than two match 데이터: " + o.get("total"));
        String link = String.join(",", r.headers().allValues("Link"));
        assertTrue(link.contains("offset=2>; rel=\"next\""), "Link next: " + link);
        JsonObject next = search("데이터", "&limit=2&offset=2");
        assertTrue(!firstIri(next).equals(firstIri(o)), "offset=2 gives the next page");
    }

    @Test
    void missingQueryIs400() {
        HttpResponse<String> r = get("/search", "application/json");
        assertEquals(400, r.statusCode(), "no q: " + r.body());
        assertTrue(r.body().contains("Parameter q"), "names q: " + r.body());
    }

    @Test
    void oversizedQueryIs400() {
        HttpResponse<String> r = get("/search?q=" + "a".repeat(201), "application/json");
        assertEquals(400, r.statusCode(), "201 characters: " + r.body());
        assertTrue(r.body().contains("at most 200"), "says the maximum: " + r.body());
    }

    @Test
    void limitBeyondTheMaximumIs400() {
        HttpResponse<String> r = get("/search?q=law&limit=101", "application/json");
        assertEquals(400, r.statusCode(), "limit=101: " + r.body());
        assertTrue(r.body().contains("Parameter limit"), "names limit: " + r.body());
    }

    @Test
    void luceneSyntaxIsTakenAsText() {
        JsonObject o = search("AND (\"law", "");
        assertTrue(o.get("total").getAsNumber().value().intValue() >= 0, "no parse error: " + o);
    }

    @Test
    void browserGetsAnHtmlPageWithTheMatchMarked() {
        HttpResponse<String> r = get("/search?q=" + Http.enc("사이버보안법"), "text/html,application/xhtml+xml,*/*;q=0.8");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "HTML: " + r.headers());
        assertTrue(r.body().contains("href=\"/page/cybersecurity-law\""), "links the law's page");
        assertTrue(r.body().contains("<mark>"), "marks the match");
        assertTrue(r.body().contains("id=\"site-search\""), "has the search box");
    }

    @Test
    void suggestionsStartWithThePrefix() {
        HttpResponse<String> r = get("/search/suggest?q=" + Http.enc("사이버"), null);
        assertEquals(200, r.statusCode(), r.body());
        JsonValue v = JSON.parseAny(r.body());
        JsonArray a = v.getAsArray();
        assertTrue(a.size() > 0, "suggestions for 사이버: " + r.body());
        assertEquals(LAW, a.get(0).getAsObject().getString("iri"), "first suggestion: " + r.body());
        HttpResponse<String> k = get("/search/suggest?q=kag", null);
        assertTrue(k.body().contains("\"/page/kaggle\""), "kag suggests Kaggle: " + k.body());
    }

    @Test
    void everyPageHasTheSearchBox() {
        for (String path : List.of("/", "/page/kaggle", "/ontology")) {
            HttpResponse<String> r = get(path, "text/html");
            assertEquals(200, r.statusCode(), path);
            assertTrue(r.body().contains("id=\"site-search\"") && r.body().contains("/static/search.js"), "search box on " + path);
        }
        HttpResponse<String> js = get("/static/search.js", null);
        assertEquals(200, js.statusCode(), "search.js is served");
        assertTrue(js.body().contains("/search/suggest"), "it asks this server");
    }

    @Test
    void sparqlEndpointAnswersTextQuery() {
        String q = "PREFIX text: <http://jena.apache.org/text#> SELECT ?s WHERE { (?s ?score) text:query \"데이터 주권\" } ORDER BY DESC(?score) LIMIT 3";
        HttpResponse<String> r = get("/kg/sparql?query=" + Http.enc(q), "text/csv");
        assertEquals(200, r.statusCode(), r.body());
        String[] lines = r.body().split("\r?\n");
        assertEquals("https://w3id.org/aihegemony/id/data-sovereignty", lines[1], "first row: " + r.body());
    }

    @Test
    void aStoreWithoutTheIndexSaysSoOnSearchAndTextQuery() {
        Path dir = Fixtures.basicSources(tmp.resolve("bare-sources"));
        try {
            Files.writeString(dir.resolve("queries/find-kaggle.rq"), "#+ summary: Kaggle by text search\n"
                    + "PREFIX text: <http://jena.apache.org/text#>\nSELECT ?s { (?s ?score) text:query \"Kaggle\" }\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourceSet sources = SourceSet.fromDirectory(dir);
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("bare-store"), null, DatasetDescription.FOR_BUILD).textIndex(false).build(sources, false);
        try (KgStore store = KgStore.open(r.store(), Duration.ofSeconds(5))) {
            FusekiServer bare = KgServer.start(store, new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(5), 8L * 1024 * 1024, false),
                    QueryCatalog.compile(SavedQueries.from(sources)));
            try {
                HttpResponse<String> resp = Http.get("http://127.0.0.1:" + bare.getHttpPort() + "/search?q=Kaggle", "application/json");
                assertEquals(503, resp.statusCode(), "no index, no search: " + resp.body());
                assertTrue(resp.body().contains("no text index") && resp.body().contains("--no-text-index") && resp.body().contains("build --force"),
                        "the answer says why and how to add the index: " + resp.body());
                String text = "PREFIX text: <http://jena.apache.org/text#> SELECT ?s WHERE { { SELECT ?s { (?s ?score) text:query \"Kaggle\" } } }";
                HttpResponse<String> sparql = Http.get("http://127.0.0.1:" + bare.getHttpPort() + "/kg/sparql?query=" + Http.enc(text), "text/csv");
                assertEquals(400, sparql.statusCode(), "text:query in a sub-query, no index: " + sparql.body());
                assertTrue(sparql.body().contains("text:query") && sparql.body().contains("--no-text-index"),
                        "the answer names the function and why: " + sparql.body());
                String plain = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(?l, \"query\")) }";
                assertEquals(200, Http.get("http://127.0.0.1:" + bare.getHttpPort() + "/kg/sparql?query=" + Http.enc(plain), "text/csv").statusCode(),
                        "other queries are answered");
                HttpResponse<String> saved = Http.get("http://127.0.0.1:" + bare.getHttpPort() + "/queries/find-kaggle.csv", "text/csv");
                assertEquals(503, saved.statusCode(), "a saved query with text:query, no index: " + saved.body());
                assertTrue(saved.body().contains("find-kaggle") && saved.body().contains("--no-text-index"),
                        "the answer names the saved query and why: " + saved.body());
                assertEquals(200, Http.get("http://127.0.0.1:" + bare.getHttpPort() + "/queries/platforms.csv", "text/csv").statusCode(),
                        "other saved queries are answered");
                HttpResponse<String> id = Http.get("http://127.0.0.1:" + bare.getHttpPort() + "/data/kaggle", "text/turtle");
                assertEquals(200, id.statusCode(), "the rest of the store is served: " + id.body());
            } finally {
                bare.stop();
            }
        }
    }
}
