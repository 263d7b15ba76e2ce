package org.aihegemony.kg.server;

import static org.aihegemony.kg.Http.enc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.aihegemony.kg.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9: finished answers are kept and served again, with strong ETags, over real HTTP. */
class TestAnswerCache {
    @TempDir
    static Path tmp;
    static TestServer cached;
    static TestServer uncached;
    /** One query slot and no wait list: to show that kept answers need no slot. */
    static TestServer oneSlot;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Path sources = Fixtures.basicSources(tmp);
        ServerLimits limits = ServerLimits.defaults();
        cached = TestServer.serve(sources, tmp.resolve("store"), new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(2),
                8L << 20, false, ServerSettings.DEFAULT_BASE, limits));
        uncached = TestServer.serve(sources, tmp.resolve("store2"), new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(2),
                8L << 20, false, ServerSettings.DEFAULT_BASE, limits.withCacheBytes(0)));
        oneSlot = TestServer.serve(sources, tmp.resolve("store3"), new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(2),
                8L << 20, false, ServerSettings.DEFAULT_BASE, limits.withQueries(1, 0)));
    }

    @AfterAll
    static void stop() {
        if (cached != null) cached.close();
        if (uncached != null) uncached.close();
        if (oneSlot != null) oneSlot.close();
    }

    static HttpResponse<byte[]> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2)
            b.header(headers[i], headers[i + 1]);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void secondAnswerIsAHitWithTheSameBytesAndAStrongEtag() throws Exception {
        for (String path : new String[] { "/queries/platforms.csv", "/kg/sparql?query=" + enc("SELECT * { ?s ?p ?o } LIMIT 3"),
                "/data/kaggle.ttl", "/page/kaggle", "/ontology" }) {
            HttpResponse<byte[]> first = get(cached.base + path);
            HttpResponse<byte[]> second = get(cached.base + path);
            assertEquals(200, second.statusCode(), path + " answers");
            assertEquals("HIT", header(second, "X-Cache"), path + " is served from the cache the second time");
            assertArrayEquals(first.body(), second.body(), path + ": the kept answer has the same bytes");
            String etag = header(second, "ETag");
            assertTrue(etag != null && etag.startsWith("\""), path + " has a strong ETag: " + etag);
            HttpResponse<byte[]> revalidated = get(cached.base + path, "If-None-Match", etag);
            assertEquals(304, revalidated.statusCode(), path + " with its ETag is not modified");
            assertEquals(0, revalidated.body().length, "a 304 has no body");
        }
    }

    @Test
    void gzipIsMadeOnceAndDecodesToTheSameBytes() throws Exception {
        String path = "/data/kaggle.ttl";
        byte[] plain = get(cached.base + path).body();
        HttpResponse<byte[]> zipped = get(cached.base + path, "Accept-Encoding", "gzip");
        assertEquals("gzip", header(zipped, "Content-Encoding"), "gzip when asked");
        assertArrayEquals(plain, new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(), "gunzip gives the same bytes");
        assertNotEquals(header(get(cached.base + path), "ETag"), header(zipped, "ETag"), "each encoding has its own ETag");
        assertTrue(header(zipped, "Vary").contains("Accept-Encoding"), "the answer varies by encoding");
    }

    @Test
    void acceptAndPostAreInTheKey() throws Exception {
        String q = "/kg/sparql?query=" + enc("SELECT ?s { ?s ?p ?o } LIMIT 1");
        HttpResponse<byte[]> csv = get(cached.base + q, "Accept", "text/csv");
        HttpResponse<byte[]> json = get(cached.base + q, "Accept", "application/sparql-results+json");
        assertTrue(header(csv, "Content-Type").startsWith("text/csv"), "CSV for CSV");
        assertTrue(header(json, "Content-Type").startsWith("application/sparql-results+json"), "JSON for JSON, not the kept CSV: " + header(json, "Content-Type") + " " + header(json, "X-Cache") + " " + json.statusCode());
        String body = "query=" + enc("ASK { ?s ?p ?o }");
        Http.send("POST", cached.base + "/kg/sparql", "application/x-www-form-urlencoded", body);
        HttpResponse<String> again = Http.send("POST", cached.base + "/kg/sparql", "application/x-www-form-urlencoded", body);
        assertEquals("HIT", header(again, "X-Cache"), "a POSTed form query is kept too");
        HttpResponse<String> other = Http.send("POST", cached.base + "/kg/sparql", "application/sparql-query", "ASK { ?s ?p 1 }");
        assertEquals("MISS", header(other, "X-Cache"), "another query is not the kept one");
    }

    @Test
    void errorsAndTimeoutsAreNeverKept() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> bad = get(cached.base + "/kg/sparql?query=" + enc("SELECT WHERE"));
            assertEquals(400, bad.statusCode(), "a syntax error is 400");
            assertFalse("HIT".equals(header(bad, "X-Cache")), "an error is not kept");
            HttpResponse<byte[]> slow = get(cached.base + "/kg/sparql?query=" + enc(TestHardening.SLOW), "Accept", "text/csv");
            assertEquals(503, slow.statusCode(), "a query past the time limit is 503, every time");
        }
    }

    @Test
    void hitsNeedNoQuerySlotAndAreCounted() throws Exception {
        String kept = oneSlot.base + "/queries/platforms.json";
        get(kept);
        long hitsBefore = ((Number) counters(oneSlot).get("hits")).longValue();
        CompletableFuture<HttpResponse<byte[]>> busy = CompletableFuture.supplyAsync(() -> {
            try {
                return get(oneSlot.base + "/kg/sparql?query=" + enc(TestHardening.SLOW + " # busy"), "Accept", "text/csv");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Once the slow query holds the one slot, an answer not yet kept is refused (each try is a new query).
        int refused = 0;
        for (int i = 0; i < 40 && refused == 0; i++) {
            Thread.sleep(100);
            if (get(oneSlot.base + "/kg/sparql?query=" + enc("ASK {} # try " + i)).statusCode() == 503)
                refused++;
        }
        assertEquals(1, refused, "an answer not yet kept finds no free slot while the slow query runs");
        assertEquals(200, get(kept).statusCode(), "a kept answer is served while the only slot is busy");
        busy.join();
        assertTrue(((Number) counters(oneSlot).get("hits")).longValue() > hitsBefore, "hits are counted: " + counters(oneSlot));
    }

    /** Headers that differ between any two responses: the date, and whether it was a hit. */
    static Map<String, java.util.List<String>> comparable(HttpResponse<?> r) {
        Map<String, java.util.List<String>> h = new java.util.TreeMap<>(r.headers().map());
        h.remove("date");
        h.remove("x-cache");
        h.remove("fuseki-request-id");
        return h;
    }

    /** A page size no other request of this class asks for, so that its answer is new. */
    static final java.util.concurrent.atomic.AtomicInteger LIMITS = new java.util.concurrent.atomic.AtomicInteger(100);

    static String fresh() {
        return "limit=" + LIMITS.getAndIncrement();
    }

    @Test
    void aHitCarriesTheHeadersOfTheMissThatMadeIt() throws Exception {
        long run = System.nanoTime();
        for (String encoding : new String[] { "identity", "gzip" }) {
            for (String path : new String[] { "/kg/sparql?query=" + enc("SELECT * { ?s ?p ?o } LIMIT 40 # " + run + encoding),
                    "/queries/platforms.csv?" + fresh(), "/data/kaggle.ttl?run=" + run + encoding }) {
                HttpResponse<byte[]> miss = get(cached.base + path, "Accept-Encoding", encoding);
                HttpResponse<byte[]> hit = get(cached.base + path, "Accept-Encoding", encoding);
                assertEquals("MISS", header(miss, "X-Cache"), path + " (" + encoding + ") is new the first time");
                assertEquals("HIT", header(hit, "X-Cache"), path + " (" + encoding + ") is kept the second time");
                assertEquals(comparable(miss), comparable(hit), path + " (" + encoding + "): a hit has the miss's headers");
                assertArrayEquals(miss.body(), hit.body(), path + " (" + encoding + "): the same bytes");
                assertEquals("*", header(hit, "Access-Control-Allow-Origin"), path + ": CORS on a hit");
                assertEquals("nosniff", header(hit, "X-Content-Type-Options"), path + ": browser safety headers on a hit");
                HttpResponse<byte[]> unchanged = get(cached.base + path, "Accept-Encoding", encoding, "If-None-Match", header(hit, "ETag"));
                assertEquals(304, unchanged.statusCode(), path + " (" + encoding + "): its own ETag gives 304");
                assertEquals(header(hit, "ETag"), header(unchanged, "ETag"), path + ": the 304 names the variant's ETag");
            }
        }
    }

    @Test
    void headOfAHitHasTheLengthAndNoBody() throws Exception {
        String url = cached.base + "/queries/platforms.json?" + fresh();
        byte[] body = get(url).body();
        HttpResponse<byte[]> head = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode(), "HEAD of a kept answer");
        assertEquals("HIT", header(head, "X-Cache"), "HEAD is served from the kept GET");
        assertEquals(Integer.toString(body.length), header(head, "Content-Length"), "HEAD gives the GET's length");
        assertEquals(0, head.body().length, "HEAD has no body");
    }

    @Test
    void ifModifiedSinceOfAHitIsAnsweredFromTheKey() throws Exception {
        String url = cached.base + "/data/kaggle.ttl?ims=" + System.nanoTime();
        get(url);
        HttpResponse<byte[]> hit = get(url);
        String modified = header(hit, "Last-Modified");
        assertTrue(modified != null, "a description says when the store was built");
        assertEquals(304, get(url, "If-Modified-Since", modified).statusCode(), "not modified since its own date");
        assertEquals(200, get(url, "If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT").statusCode(), "modified since 2000");
        assertEquals(200, get(url, "If-Modified-Since", "yesterday").statusCode(), "an unparseable date is ignored");
    }

    @Test
    void aGetWithAContentTypeIsStillCheckedByTheGuard() throws Exception {
        String url = cached.base + "/queries/platforms.csv?" + fresh();
        assertEquals(200, get(url).statusCode(), "kept first");
        HttpResponse<byte[]> odd = get(url, "Content-Type", "text/plain; charset=no-such-charset");
        assertEquals(415, odd.statusCode(), "a charset Java does not know is refused, kept answer or not");
    }

    @Test
    void noCacheServesWithoutKeeping() throws Exception {
        get(uncached.base + "/data/kaggle.ttl");
        HttpResponse<byte[]> second = get(uncached.base + "/data/kaggle.ttl");
        assertEquals(200, second.statusCode(), "answers without a cache");
        assertEquals(null, header(second, "X-Cache"), "no cache header without a cache");
        assertEquals(null, KgServer.cache(uncached.server), "no cache object");
    }

    static Map<String, Object> counters(TestServer s) {
        return KgServer.cache(s.server).counters();
    }
}
