package org.aihegemony.kg.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.aihegemony.kg.PackagedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on the packaged jar (issue 11): a query in flight gets its complete answer, the server
 * reports draining while it still serves, and the process exits 0.
 */
class ITGracefulShutdown {
    @TempDir
    Path tmp;

    /** The number of quads in the served store. */
    static long quads(String endpoint) {
        HttpResponse<String> r = Http.get(endpoint + "?query=" + Http.enc("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"), "text/csv");
        assertEquals(200, r.statusCode(), "count: " + r.body());
        return Long.parseLong(r.body().lines().skip(1).findFirst().orElseThrow().trim());
    }

    /** A cross join counting about 10 million rows: seconds of work, one short answer. */
    static String slowQuery(long quads) {
        long k = Math.max(1, 10_000_000L / (quads * quads));
        return "SELECT (COUNT(*) AS ?n) { { SELECT * { GRAPH ?g1 { ?a ?b ?c } } LIMIT " + k + " } "
                + "GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?x ?y ?z } }";
    }

    static CompletableFuture<HttpResponse<String>> postQuery(String endpoint, String query) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + Http.enc(query))).build();
        return HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aQueryInFlightCompletesAfterSigtermAndTheServerExitsZero() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        // No drain notice: SIGTERM stops accepting at once, so only Jetty's graceful stop keeps the query alive.
        try (PackagedJar served = PackagedJar.serve("--port", "0", "--sources", sources.toString(),
                "--store", tmp.resolve("store").toString(), "--timeout", "120", "--drain-seconds", "0")) {
            String endpoint = served.url("SPARQL endpoint");
            assertNotNull(endpoint, "the server prints its endpoint:\n" + served.log);
            String query = slowQuery(quads(endpoint));
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> inFlight = postQuery(endpoint, query);
            Thread.sleep(700);
            assertTrue(!inFlight.isDone(), "the query is still running when SIGTERM is sent (else the test proves nothing)");
            int exit = served.terminate(150);
            HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.statusCode(), "the query in flight at SIGTERM is answered: " + answer.body());
            var lines = answer.body().lines().toList();   // CSV results end lines with CRLF
            assertTrue(lines.size() == 2 && lines.get(0).equals("n") && Long.parseLong(lines.get(1).strip()) > 0,
                    "the answer is complete (header and count): " + answer.body());
            assertTrue(millis > 700, "the query ran past the SIGTERM (" + millis + " ms)");
            assertEquals(0, exit, "the server exits 0 after draining:\n" + served.rest());
        }
    }

    @Test
    void aSigtermedServerReportsDrainingWhileItStillServes() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        try (PackagedJar served = PackagedJar.serve("--port", "0", "--sources", sources.toString(),
                "--store", tmp.resolve("store").toString(), "--drain-seconds", "4")) {
            String endpoint = served.url("SPARQL endpoint");
            String status = served.url("Status");
            assertNotNull(status, "the server prints its status URL:\n" + served.log);
            assertEquals(200, Http.get(status, null).statusCode(), "ready before SIGTERM");
            long start = System.nanoTime();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return served.terminate(60);
                } catch (InterruptedException e) {
                    return -2;
                }
            });
            HttpResponse<String> draining = null;
            for (int i = 0; i < 40 && (draining == null || draining.statusCode() != 503); i++) {
                Thread.sleep(50);
                draining = Http.get(status, null);
            }
            assertEquals(503, draining.statusCode(), "/$/status answers 503 after SIGTERM: " + draining.body());
            assertTrue(draining.body().contains("\"draining\""), "and says draining: " + draining.body());
            assertTrue(quads(endpoint) > 0, "queries are still answered during the drain notice");
            assertEquals(0, exit.get(60, TimeUnit.SECONDS), "exit code 0 after the drain");
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 4000, "the drain notice (4 s) was given");
        }
    }
}
