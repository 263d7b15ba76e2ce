package org.aihegemony.kg.server;

import static org.aihegemony.kg.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.aihegemony.kg.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: what a slow, huge, malformed or merely numerous client gets, over real HTTP from a real
 * server on port 0 with small limits (8 threads, 1 query running and 1 waiting, 4 KiB bodies).
 */
class TestHardening {
    /** Runs for seconds on the fixture store: five-way cross product. */
    static final String SLOW = "SELECT (COUNT(*) AS ?rows) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }";
    static final ServerLimits SMALL = ServerLimits.defaults().withMaxBodyBytes(4096).withMaxUrlBytes(8192)
            .withQueries(1, 1);

    @TempDir
    static Path tmp;
    static TestServer server;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        Path sources = Fixtures.basicSources(tmp);
        // A javascript: IRI in the data must never become a link on a page.
        Files.writeString(sources.resolve("rdf/links.trig"), """
                @prefix aihr: <https://w3id.org/aihegemony/id/> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                aihr:kaggle rdfs:seeAlso <javascript:alert(1)> , <https://www.kaggle.com/> .
                """);
        ServerLimits eight = new ServerLimits(8, SMALL.maxConnections(), 1, 1, Duration.ofSeconds(1), 4096, 8192,
                Duration.ofSeconds(30), Duration.ofSeconds(4), 64, 0);
        server = TestServer.serve(sources, tmp.resolve("store"),
                new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(3), 8L << 20, false, ServerSettings.DEFAULT_BASE, eight.withCacheBytes(4L << 20)));
        base = server.base;
    }

    @AfterAll
    static void stop() {
        if (server != null)
            server.close();
    }

    private static Socket trickle(String head) throws IOException {
        Socket s = new Socket("127.0.0.1", server.server.getHttpPort());
        s.setSoTimeout(15_000);
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static String readAll(Socket s) {
        try (InputStream in = s.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void slowUploadsNeitherBlockOthersNorStay() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++)
                slow.add(trickle("POST /kg/sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        + "Content-Length: 2000\r\n\r\nS"));
            for (int round = 0; round < 3; round++) {
                for (Socket s : slow)
                    s.getOutputStream().write('E');
                long t0 = System.nanoTime();
                HttpResponse<String> ping = Http.get(base + "/$/ping", null);
                HttpResponse<String> q = Http.get(base + "/kg/sparql?query=" + enc("ASK {}"), "application/sparql-results+json");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(200, ping.statusCode(), "ping answers while 40 uploads trickle on 8 threads");
                assertEquals(200, q.statusCode(), "a query answers while 40 uploads trickle: " + q.body());
                assertTrue(ms < 1000, "ping and a query within 1 s while uploads trickle, took " + ms + " ms");
                Thread.sleep(1000);
            }
            String answer = readAll(slow.get(0));
            assertTrue(answer.startsWith("HTTP/1.1 408"), "a trickling upload is cut with 408: " + answer.lines().findFirst().orElse(""));
            assertTrue(answer.contains("Access-Control-Allow-Origin: *"), "the 408 carries CORS: " + answer);
            assertTrue(answer.contains("too slowly"), "the 408 says why: " + answer);
        } finally {
            for (Socket s : slow)
                s.close();
        }
    }

    @Test
    void tricklingHeadersAreClosed() throws Exception {
        try (Socket s = trickle("GET /$/ping HTTP/1.1\r\nHo")) {
            s.setSoTimeout(1000);
            long t0 = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 15 && !closed; i++) {
                try {
                    s.getOutputStream().write('o');
                    s.getOutputStream().flush();
                    closed = s.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    closed = true;
                }
            }
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertTrue(closed, "a client that sends its headers a byte a second is closed");
            assertTrue(seconds <= 8, "within twice the 4 s header time limit, took " + seconds + " s");
        }
    }

    @Test
    void bodyOverTheCapIs413() {
        String big = "SELECT * { ?s ?p ?o } # " + "x".repeat(10_000);
        HttpResponse<String> r = Http.send("POST", base + "/kg/sparql", "application/sparql-query", big);
        assertEquals(413, r.statusCode(), "a 10 kB body over a 4 KiB cap: " + r.body());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "the 413 carries CORS");
        HttpResponse<String> form = Http.send("POST", base + "/queries/platforms", "application/x-www-form-urlencoded",
                "year=" + "1".repeat(10_000));
        assertEquals(413, form.statusCode(), "a form body over the cap on a saved query: " + form.body());
    }

    @Test
    void urlOverTheCapIs414() {
        HttpResponse<String> r = Http.get(base + "/kg/sparql?query=" + enc("ASK {} #" + "x".repeat(20_000)), null);
        assertEquals(414, r.statusCode(), "a 20 kB URL over an 8 KiB cap: " + r.body());
    }

    @Test
    void overloadGets503WithRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> Http.get(base + "/kg/sparql?query=" + enc(SLOW), "text/csv"));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(
                () -> Http.get(base + "/kg/sparql?query=" + enc(SLOW + " LIMIT 7"), "text/csv"));
        // Once the slow queries hold the slot and the wait list, a third is refused (each try a new query,
        // so the machine's load cannot make the test depend on a fixed sleep).
        HttpResponse<String> third = null;
        for (int i = 0; i < 30 && (third == null || third.statusCode() != 503); i++) {
            Thread.sleep(100);
            third = Http.get(base + "/kg/sparql?query=" + enc("ASK {} # " + i), null);
        }
        assertEquals(503, third.statusCode(), "with 1 query running and 1 waiting, a third is refused: " + third.body());
        assertEquals("2", third.headers().firstValue("Retry-After").orElse(null), "the 503 says when to retry");
        assertTrue(third.body().contains("Overloaded"), "the 503 says why: " + third.body());
        assertEquals(200, Http.get(base + "/$/ping", null).statusCode(), "health checks are never queued");
        first.join();
        second.join();
        assertEquals(200, Http.get(base + "/kg/sparql?query=" + enc("ASK {} # after the slow ones"), null).statusCode(),
                "slots are given back when queries end");
    }

    @Test
    void oversizedSavedQueryParameterIs400() {
        HttpResponse<String> r = Http.get(base + "/queries/platforms?year=" + "9".repeat(3000), null);
        assertEquals(400, r.statusCode(), "a 3,000-character parameter value: " + r.body());
        assertTrue(r.body().startsWith("Parameter year"), "the 400 names the parameter: " + r.body());
    }

    @Test
    void deepNestingIs400() {
        String q = "SELECT * WHERE " + "{".repeat(5000) + "}".repeat(5000);
        HttpResponse<String> r = Http.send("POST", base + "/kg/sparql", "application/sparql-query", q.substring(0, 4000));
        assertEquals(400, r.statusCode(), "deeply nested groups are refused: " + r.body());
        assertTrue(r.body().contains("nested too deeply"), "the 400 says why: " + r.body());
    }

    @Test
    void malformedAcceptIs400Everywhere() {
        for (String path : List.of("/data/kaggle", "/id/kaggle", "/queries", "/queries/platforms", "/ontology",
                "/.well-known/void", "/kg/sparql", "/")) {
            for (String accept : List.of(";", ";;;,,,", "text/html;q=2")) {
                HttpResponse<String> r = Http.get(base + path, accept);
                assertEquals(400, r.statusCode(), path + " with Accept '" + accept + "': " + r.body());
                assertTrue(r.body().startsWith("Malformed Accept header"), path + " names the header: " + r.body());
            }
        }
        assertEquals(200, Http.get(base + "/data/kaggle", "*; q=.2, */*; q=.2").statusCode(),
                "Java's own default Accept header is accepted");
    }

    @Test
    void invalidUtf8Is400() {
        HttpResponse<String> get = Http.get(base + "/kg/sparql?query=%ff", null);
        assertEquals(400, get.statusCode(), "invalid UTF-8 in the query string: " + get.body());
        assertTrue(get.body().contains("'query'"), "the 400 names the parameter: " + get.body());
        HttpResponse<String> form = Http.send("POST", base + "/kg/sparql", "application/x-www-form-urlencoded", "query=%c0%af");
        assertEquals(400, form.statusCode(), "invalid UTF-8 in a form body: " + form.body());
        HttpResponse<String> saved = Http.get(base + "/queries/platforms?year=%ff", null);
        assertEquals(400, saved.statusCode(), "invalid UTF-8 in a saved query's parameter: " + saved.body());
        HttpResponse<String> slash = Http.get(base + "/data/a%2fb", null);
        assertEquals(400, slash.statusCode(), "Jetty refuses an encoded slash");
        assertEquals("*", slash.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "Jetty's own 400 carries CORS");
        assertFalse(slash.body().contains("<html"), "Jetty's own 400 is one line of text: " + slash.body());
    }

    @Test
    void unknownCharsetIs415AndOddEncodingsAreHarmless() throws Exception {
        HttpResponse<String> r = Http.send("POST", base + "/kg/query", "application/x-www-form-urlencoded; charset=ebcdic", "query=ASK%7B%7D");
        assertEquals(415, r.statusCode(), "a form in a charset Java does not know: " + r.body());
        assertTrue(r.body().contains("ebcdic"), "the 415 names the charset: " + r.body());
        for (String enc : List.of(";", ",,,", "gzip;q=", "*")) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/data/kaggle.ttl")).header("Accept-Encoding", enc).GET().build();
            assertEquals(200, Http.send(req).statusCode(), "Accept-Encoding '" + enc + "' is harmless");
            assertEquals(200, Http.send(req).statusCode(), "Accept-Encoding '" + enc + "' is harmless on a kept answer too");
        }
    }

    @Test
    void writesAre405WithAllow() {
        record Write(String method, String path, String type, String body) { }
        for (Write w : List.of(new Write("PUT", "/kg/get?default", "text/turtle", "<a> <b> <c> ."),
                new Write("DELETE", "/kg/get?graph=x", null, null), new Write("PATCH", "/kg", "application/rdf-patch", "A <a> <b> <c> ."),
                new Write("POST", "/kg", "text/turtle", "<a> <b> <c> ."), new Write("POST", "/kg/get?default", "text/turtle", "<a> <b> <c> ."),
                new Write("POST", "/kg/sparql", "application/sparql-update", "INSERT DATA { <a> <b> <c> }"),
                new Write("POST", "/kg/sparql", "application/x-www-form-urlencoded", "update=" + enc("INSERT DATA { <a> <b> <c> }")),
                new Write("POST", "/data/kaggle", "text/turtle", "<a> <b> <c> ."), new Write("DELETE", "/page/kaggle", null, null),
                new Write("PUT", "/queries/platforms", "text/plain", "x"))) {
            HttpResponse<String> r = Http.send(w.method(), base + w.path(), w.type(), w.body());
            String what = w.method() + " " + w.path() + " (" + w.type() + ")";
            assertEquals(405, r.statusCode(), what + ": " + r.body());
            assertTrue(r.headers().firstValue("Allow").orElse("").startsWith("GET, HEAD"), what + " has an Allow header");
            assertTrue(r.body().contains("read-only") && r.body().contains("build"), what + " says the service is read-only and how data changes: " + r.body());
        }
    }

    @Test
    void pagesAreSafeInBrowsers() {
        HttpResponse<String> page = Http.get(base + "/page/kaggle", "text/html");
        assertEquals(200, page.statusCode(), "the page answers");
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "CSP on pages: " + csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null), "nosniff on pages");
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null), "no framing");
        assertTrue(page.headers().firstValue("Referrer-Policy").isPresent(), "a referrer policy");
        assertFalse(page.body().contains("href=\"javascript:"), "a javascript: IRI is not a link");
        assertTrue(page.body().contains("javascript:alert(1)"), "but it is shown as text");
        assertTrue(page.body().contains("href=\"https://www.kaggle.com/\""), "an https IRI is a link");
    }

    @Test
    void serviceDescriptionNamesTheBaseNotTheHost() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/kg/sparql")).header("Accept", "text/turtle")
                .header("X-Forwarded-Host", "evil.example").GET().build();
        HttpResponse<String> r = Http.send(req);
        assertEquals(200, r.statusCode(), "the service description answers");
        assertFalse(r.body().contains("127.0.0.1"), "the request's host is not echoed into a cacheable description: " + r.body());
        assertTrue(r.body().contains(ServerSettings.DEFAULT_BASE + "kg/sparql"), "it names the configured base's endpoint");
    }

    @Test
    void rawRequestWithBrokenHeaderGets4xx() throws IOException {
        try (Socket s = trickle("GET /data/kaggle HTTP/1.1\r\nHost: x\r\nAccept\r\nConnection: close\r\n\r\n")) {
            String answer = readAll(s);
            assertTrue(answer.startsWith("HTTP/1.1 4"), "a header line without a colon is a 4xx: " + answer.lines().findFirst().orElse(""));
        }
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
