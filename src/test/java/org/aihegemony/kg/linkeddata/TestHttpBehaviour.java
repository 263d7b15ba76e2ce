package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validators and 304, gzip and CORS over real HTTP. */
class TestHttpBehaviour {
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

    @Test
    void etagAndLastModifiedGive304() {
        for (String path : List.of("/data/google.ttl", "/page/google", "/static/site.css")) {
            HttpResponse<String> first = ld.get(path);
            assertEquals(200, first.statusCode(), path + " answers");
            String etag = first.headers().firstValue("ETag").orElse(null);
            assertTrue(etag != null && etag.length() > 4, path + " has an ETag: " + first.headers().map());
            assertTrue(first.headers().firstValue("Cache-Control").orElse("").contains("max-age"), path + " has Cache-Control");

            HttpResponse<String> again = ld.get(path, "If-None-Match", etag);
            assertEquals(304, again.statusCode(), path + " with its ETag is not modified");
            assertEquals("", again.body(), "a 304 has no body");
            assertEquals(etag, again.headers().firstValue("ETag").orElse(null), "the 304 repeats the ETag");

            HttpResponse<String> other = ld.get(path, "If-None-Match", "W/\"something-else\"");
            assertEquals(200, other.statusCode(), path + " with another ETag is sent in full");
        }
        HttpResponse<String> data = ld.get("/data/google.ttl");
        String lastModified = data.headers().firstValue("Last-Modified").orElse(null);
        assertTrue(lastModified != null && lastModified.endsWith("GMT"), "Last-Modified is an HTTP date: " + lastModified);
        assertEquals(304, ld.get("/data/google.ttl", "If-Modified-Since", lastModified).statusCode(), "If-Modified-Since at the build time gives 304");
        assertEquals(200, ld.get("/data/google.ttl", "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode(),
                "an older date gets the content");
        assertNotEquals(ld.get("/data/google.ttl").headers().firstValue("ETag"), ld.get("/data/google.nt").headers().firstValue("ETag"),
                "each format has its own ETag");
    }

    @Test
    void textIsGzippedWhenAsked() throws IOException {
        HttpResponse<byte[]> plain = ld.getBytes("/data/kaggle.ttl");
        HttpResponse<byte[]> zipped = ld.getBytes("/data/kaggle.ttl", "Accept-Encoding", "gzip");
        assertEquals(200, zipped.statusCode(), "gzip request answers");
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null), "the answer is gzipped");
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty(), "no gzip unless asked");
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
        assertArrayEquals(plain.body(), unzipped, "gunzip gives the plain body");
        assertTrue(zipped.body().length < plain.body().length, "and it is smaller");

        HttpResponse<byte[]> page = ld.getBytes("/page/kaggle", "Accept-Encoding", "gzip");
        assertEquals("gzip", page.headers().firstValue("Content-Encoding").orElse(null), "pages are gzipped too");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, ld.getBytes("/page/kaggle", "Accept-Encoding", "gzip", "If-None-Match", etag).statusCode(),
                "the gzip variant's ETag revalidates");
        HttpResponse<byte[]> query = ld.getBytes("/kg/sparql?query=" + org.aihegemony.kg.Http.enc("SELECT * { ?s ?p ?o } LIMIT 50"),
                "Accept-Encoding", "gzip", "Accept", "application/sparql-results+json");
        assertEquals("gzip", query.headers().firstValue("Content-Encoding").orElse(null), "query results are gzipped too");
    }

    @Test
    void corsAllowsAnyOriginAndAnswersPreflight() {
        HttpResponse<String> pre = ld.send("/kg/sparql", "OPTIONS", HttpResponse.BodyHandlers.ofString(),
                "Origin", "https://notebook.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type");
        assertTrue(pre.statusCode() == 204 || pre.statusCode() == 200, "preflight succeeds: " + pre.statusCode());
        assertEquals("*", pre.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "any origin");
        assertTrue(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"), "POST allowed");
        assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase().contains("content-type"),
                "the asked header is allowed");
        assertTrue(pre.headers().firstValue("Access-Control-Allow-Credentials").isEmpty(), "no credentials");

        HttpResponse<String> slow = ld.get("/kg/sparql?query=" + org.aihegemony.kg.Http.enc(
                "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"), "Origin", "https://notebook.example");
        assertEquals(503, slow.statusCode(), "a query past the time limit gets 503");
        assertEquals("*", slow.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "and the 503 still carries CORS, so a notebook can read why");
        HttpResponse<String> missing = ld.get("/data/no-such-thing", "Origin", "https://notebook.example");
        assertEquals("*", missing.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "so does a 404");

        for (String path : List.of("/data/google", "/kg/sparql?query=" + org.aihegemony.kg.Http.enc("ASK {}"), "/page/google")) {
            HttpResponse<String> r = ld.get(path, "Origin", "https://notebook.example");
            assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "ACAO * on " + path);
            assertTrue(r.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("ETag"), "ETag exposed on " + path);
        }
    }
}
