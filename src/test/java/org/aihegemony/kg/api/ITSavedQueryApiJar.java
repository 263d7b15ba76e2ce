package org.aihegemony.kg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.aihegemony.kg.Http;
import org.aihegemony.kg.PackagedJar;
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
        try (PackagedJar served = PackagedJar.serve("--port", "0", "--store", tmp.resolve("store").toString())) {
            String queries = served.url("Saved queries");
            String log = served.log;
            assertNotNull(queries, "serve prints the saved queries' URL:\n" + log);
            String base = queries.substring(0, queries.length() - "/queries".length());
            HttpResponse<String> csv = Http.get(queries + "/open-platforms.csv?year=2019", null);
            assertEquals(200, csv.statusCode(), "a saved query from the jar: " + csv.body());
            assertEquals(11, csv.body().split("\r\n").length, "the header and the ten 2019 platforms: " + csv.body());
            assertEquals(200, Http.get(base + "/openapi.json", null).statusCode(), "the OpenAPI document");
            HttpResponse<String> js = Http.get(base + "/api-docs/swagger-ui-bundle.js", null);
            assertEquals(200, js.statusCode(), "Swagger UI's script is inside the jar");
        }
    }
}
