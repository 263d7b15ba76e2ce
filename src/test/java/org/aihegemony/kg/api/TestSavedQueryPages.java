package org.aihegemony.kg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.aihegemony.kg.TestServer;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved-query answers as HTML tables and in pages ({@code limit}, {@code offset}, {@code Link: rel=next}). */
class TestSavedQueryPages {
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.serve(Fixtures.repository(), tmp.resolve("store"), Duration.ofSeconds(10), 16L * 1024 * 1024);
    }

    @AfterAll
    static void stop() { if (server != null) server.close(); }

    static HttpResponse<String> get(String path, String accept) {
        return Http.get(server.base + path, accept);
    }

    static JsonArray bindings(HttpResponse<String> r) {
        return JSON.parse(r.body()).get("results").getAsObject().get("bindings").getAsArray();
    }

    @Test
    void limitTwoGivesTwoRowsAndANextLink() {
        HttpResponse<String> r = get("/queries/open-platforms?limit=2", "application/sparql-results+json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, bindings(r).size(), "two rows: " + r.body());
        String link = String.join(", ", r.headers().allValues("Link"));
        assertEquals("</queries/open-platforms?limit=2&offset=2>; rel=\"next\"", link, "Link header");
        HttpResponse<String> next = get("/queries/open-platforms?limit=2&offset=2", "application/sparql-results+json");
        assertEquals(2, bindings(next).size(), "the next page has two rows");
        assertNotEquals(bindings(r).get(0).toString(), bindings(next).get(0).toString(), "and other rows");
        assertTrue(String.join(", ", next.headers().allValues("Link")).contains("</queries/open-platforms?limit=2>; rel=\"prev\""),
                "and a previous link: " + next.headers().allValues("Link"));
    }

    @Test
    void theLastPageHasNoNextLink() {
        HttpResponse<String> all = get("/queries/open-platforms.csv", null);
        int rows = all.body().strip().split("\n").length - 1;
        HttpResponse<String> last = get("/queries/open-platforms.csv?limit=" + rows, null);
        assertEquals(rows, last.body().strip().split("\n").length - 1, "a page as large as the answer has every row");
        assertTrue(last.headers().allValues("Link").isEmpty(), "and no next link: " + last.headers().allValues("Link"));
        assertTrue(all.headers().allValues("Link").isEmpty(), "without limit, the whole answer and no link");
    }

    @Test
    void parametersAreKeptInThePageLinks() {
        HttpResponse<String> r = get("/queries/open-platforms.csv?year=2019&limit=3", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(4, r.body().strip().split("\n").length, "header and three rows: " + r.body());
        assertTrue(String.join(",", r.headers().allValues("Link")).contains("/queries/open-platforms.csv?year=2019&limit=3&offset=3"),
                "next keeps year: " + r.headers().allValues("Link"));
    }

    @Test
    void limitOutOfRangeIs400NamingIt() {
        for (String bad : List.of("limit=0", "limit=10001", "limit=two", "offset=-1", "offset=1000001")) {
            HttpResponse<String> r = get("/queries/open-platforms?" + bad, null);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().startsWith("Parameter " + bad.substring(0, bad.indexOf('='))), bad + " names the parameter: " + r.body());
        }
    }

    @Test
    void aBrowserGetsAnHtmlTableWithLinkedLabelledIris() {
        HttpResponse<String> r = get("/queries/open-platforms?year=2018", BROWSER);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "HTML: " + r.headers());
        String html = r.body();
        assertTrue(html.contains("<table class=\"results\">"), "a table");
        assertTrue(html.contains("href=\"/page/baidu\"") && html.contains(">Baidu · 바이두</a>"), "an IRI linked to its page by its labels");
        assertTrue(html.contains("id=\"site-search\"") && html.contains("href=\"/ontology\""), "site navigation and search");
        assertTrue(html.contains("class=\"editor\" href=\"/#query="), "a link that opens the query in the editor");
    }

    @Test
    void theHtmlTableIsPagedWithNextAndPreviousLinks() {
        HttpResponse<String> r = get("/queries/open-platforms?limit=2&offset=2", BROWSER);
        String html = r.body();
        assertEquals(2, html.split("<tr>", -1).length - 2, "two rows under the header: " + html);
        assertTrue(html.contains("rel=\"next\" href=\"/queries/open-platforms?limit=2&amp;offset=4\""), "next link");
        assertTrue(html.contains("rel=\"prev\" href=\"/queries/open-platforms?limit=2\""), "previous link");
    }

    @Test
    void programsStillGetData() {
        HttpResponse<String> r = get("/queries/open-platforms", "application/sparql-results+json");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/sparql-results+json"), "JSON: " + r.headers());
        HttpResponse<String> none = get("/queries/open-platforms", null);
        assertTrue(none.headers().firstValue("Content-Type").orElse("").startsWith("application/sparql-results+json"), "no Accept: JSON");
    }
    @Test
    void apiDocumentsNameNoFixedHostOrPort() {
        HttpResponse<String> openapi = get("/openapi.json", null);
        assertTrue(!openapi.body().contains("localhost:3030") && !openapi.body().contains("127.0.0.1"), "openapi.json names no host");
        assertEquals("/", JSON.parse(openapi.body()).get("servers").getAsArray().get(0).getAsObject().getString("url"), "its server is relative");
        HttpResponse<String> listing = get("/queries", BROWSER);
        assertTrue(!listing.body().contains("localhost:3030"), "/queries names no host");
        assertTrue(listing.body().contains("class=\"origin\"") && listing.body().contains("/static/search.js"),
                "the browser fills in the address it used (search.js)");
        assertTrue(get("/static/search.js", null).body().contains("location.origin"), "search.js fills .origin");
    }

    @Test
    void eachQueryAppearsOnceInTheApiDocs() {
        org.apache.jena.atlas.json.JsonObject paths = JSON.parse(get("/openapi.json", null).body()).get("paths").getAsObject();
        int operations = 0;
        for (String path : paths.keys()) {
            for (String method : paths.get(path).getAsObject().keys()) {
                operations++;
                org.apache.jena.atlas.json.JsonValue tags = paths.get(path).getAsObject().get(method).getAsObject().get("tags");
                assertTrue(tags == null || tags.getAsArray().size() == 1, path + " is shown under one tag: " + tags);
            }
        }
        assertEquals(paths.keys().size(), operations, "one operation per path");
        assertTrue(paths.get("/queries/open-platforms").toString().contains("\"limit\""), "limit is documented");
    }

    @Test
    void apiPagesHaveTheSiteNavigation() {
        assertTrue(get("/queries", BROWSER).body().contains("id=\"site-search\""), "/queries has the site's navigation and search box");
        String docs = get("/api-docs", BROWSER).body();
        assertTrue(docs.contains("href=\"/queries\"") && docs.contains("href=\"/ontology\""), "/api-docs links the site");
    }
}
