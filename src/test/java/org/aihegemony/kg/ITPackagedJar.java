package org.aihegemony.kg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static Path jar() {
        Path jar = Path.of(System.getProperty("kg.jar", "target/aihegemony-kg.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged jar exists: " + jar.toAbsolutePath());
        return jar;
    }

    @Test
    void servesFromThePackagedJar() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar().toString(), "serve", "--port", "0",
                "--sources", sources.toString(), "--store", tmp.resolve("store").toString()).redirectErrorStream(true);
        Process p = pb.start();
        StringBuilder log = new StringBuilder();
        try {
            String endpoint = null;
            Pattern url = Pattern.compile("SPARQL endpoint\\s+(http://\\S+)");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.append(line).append('\n');
                    Matcher m = url.matcher(line);
                    if (m.find())
                        endpoint = m.group(1);
                    if (line.startsWith("Started in"))
                        break;
                }
            }
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
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS))
                p.destroyForcibly();
        }
    }

    @Test
    void embeddedSourcesBuildWithoutAnyOption() throws Exception {
        Process p = new ProcessBuilder("java", "-jar", jar().toString(), "validate").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "validate finishes");
        assertEquals(0, p.exitValue(), "the sources inside the jar validate:\n" + out);
    }
}
