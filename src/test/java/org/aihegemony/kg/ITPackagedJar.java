package org.aihegemony.kg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it: {@code java -jar target/aihegemony-kg.jar serve}. Catches what only
 * packaging breaks: Jena's service-loader registration (without merged META-INF/services every query
 * fails with 400 "Not recognized for SPARQL results"), the logging provider, the manifest.
 */
class ITPackagedJar {
    @TempDir
    Path tmp;

    @Test
    void servesFromThePackagedJar() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        try (PackagedJar served = PackagedJar.serve("--port", "0", "--sources", sources.toString(),
                "--store", tmp.resolve("store").toString())) {
            String endpoint = served.url("SPARQL endpoint");
            StringBuilder log = new StringBuilder(served.log);
            assertNotNull(endpoint, "the server prints its endpoint:\n" + log);
            assertTrue(log.indexOf("SLF4J(W)") < 0, "a logging provider is packaged:\n" + log);
            String q = Http.enc("SELECT ?l { <https://w3id.org/aihegemony/id/google> <http://www.w3.org/2000/01/rdf-schema#label> ?l }");
            for (String accept : new String[] { "application/sparql-results+json", "application/sparql-results+xml", "text/csv" }) {
                HttpResponse<String> resp = Http.get(endpoint + "?query=" + q, accept);
                assertEquals(200, resp.statusCode(), accept + " from the packaged jar: " + resp.body());
                assertTrue(resp.body().contains("Google"), accept + " carries the answer: " + resp.body());
            }
            HttpResponse<String> ttl = Http.get(endpoint + "?query=" + Http.enc("DESCRIBE <https://w3id.org/aihegemony/id/google>"), "text/turtle");
            assertEquals(200, ttl.statusCode(), "Turtle from the packaged jar: " + ttl.body());
        }
    }

    @Test
    void aBuildsExitCodeAndOutputComeThroughTheSecondJvm() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, "undefined-prefix.ttl", "rdf");
        Process p = start("java", "-Xmx256m", "-jar", PackagedJar.jar().toString(), "build",
                "--sources", sources.toString(), "--store", tmp.resolve("store").toString());
        String out = finish(p, "build");
        assertEquals(3, p.exitValue(), "a syntax error's exit code, from the build's own JVM:\n" + out);
        assertTrue(out.contains("undefined-prefix.ttl"), "its message names the file:\n" + out);
    }

    @Test
    void embeddedSourcesBuildWithoutAnyOption() throws Exception {
        Process p = start("java", "-jar", PackagedJar.jar().toString(), "validate");
        String out = finish(p, "validate");
        assertEquals(0, p.exitValue(), "the sources inside the jar validate:\n" + out);
    }

    private static Process start(String... command) throws java.io.IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The process's output, once it has ended (within two minutes). */
    private static String finish(Process p, String what) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), what + " finishes");
        return out;
    }
}
