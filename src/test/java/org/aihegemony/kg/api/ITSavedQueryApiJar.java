package org.aihegemony.kg.api;

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

import org.aihegemony.kg.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved-query API from the packaged jar, with the sources inside it: catches what only packaging
 * breaks (the queries and Swagger UI's WebJar in the shaded jar, SnakeYAML).
 */
class ITSavedQueryApiJar {
    @TempDir
    Path tmp;

    @Test
    void thePackagedJarServesTheSavedQueries() throws Exception {
        Path jar = Path.of(System.getProperty("kg.jar", "target/aihegemony-kg.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged jar exists: " + jar.toAbsolutePath());
        Process p = new ProcessBuilder("java", "-jar", jar.toString(), "serve", "--port", "0", "--store",
                tmp.resolve("store").toString()).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try {
            String queries = null;
            Pattern url = Pattern.compile("Saved queries\\s+(http://\\S+/queries)");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.append(line).append('\n');
                    Matcher m = url.matcher(line);
                    if (m.find())
                        queries = m.group(1);
                    if (line.startsWith("Started in"))
                        break;
                }
            }
            assertNotNull(queries, "serve prints the saved queries' URL:\n" + log);
            String base = queries.substring(0, queries.length() - "/queries".length());
            HttpResponse<String> csv = Http.get(queries + "/open-platforms.csv?year=2019", null);
            assertEquals(200, csv.statusCode(), "a saved query from the jar: " + csv.body());
            assertEquals(11, csv.body().split("\r\n").length, "the header and the ten 2019 platforms: " + csv.body());
            assertEquals(200, Http.get(base + "/openapi.json", null).statusCode(), "the OpenAPI document");
            HttpResponse<String> js = Http.get(base + "/api-docs/swagger-ui-bundle.js", null);
            assertEquals(200, js.statusCode(), "Swagger UI's script is inside the jar");
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS))
                p.destroyForcibly();
        }
    }
}
