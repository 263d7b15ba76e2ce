package org.aihegemony.kg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.aihegemony.kg.ExternalTool;
import org.aihegemony.kg.Http;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** {@code /openapi.json} validates and lists every saved query; {@code /api-docs} renders it offline. */
class TestOpenApi {
    @TempDir
    static Path tmp;
    static ApiServer api;

    @BeforeAll
    static void start() {
        api = ApiServer.fixture(tmp, Duration.ofSeconds(5), 8L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        if (api != null)
            api.close();
    }

    static SwaggerParseResult validate(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }

    @Test
    void theDocumentValidatesAndListsEverySavedQuery() {
        HttpResponse<String> r = Http.get(api.base + "/openapi.json", null);
        assertEquals(200, r.statusCode(), "the document is served");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "as JSON");
        SwaggerParseResult result = validate(r.body());
        assertEquals(List.of(), result.getMessages(), "swagger-parser finds nothing wrong");
        OpenAPI doc = result.getOpenAPI();
        assertNotNull(doc, "it parses as OpenAPI");
        assertEquals("3.1.0", doc.getOpenapi(), "OpenAPI 3.1");

        HttpResponse<String> listing = Http.get(api.base + "/queries", "application/json");
        Set<String> expected = new TreeSet<>();
        JSON.parse(listing.body()).get("queries").getAsArray().forEach(q -> expected.add("/queries/" + q.getAsObject().get("name").getAsString().value()));
        Set<String> paths = new TreeSet<>(doc.getPaths().keySet());
        paths.remove("/queries");
        assertEquals(expected, paths, "one path per saved query");

        Operation open = doc.getPaths().get("/queries/open-platforms").getGet();
        assertEquals("open-platforms", open.getOperationId(), "operation id");
        Parameter year = open.getParameters().get(0);
        assertEquals("year", year.getName(), "the parameter");
        assertEquals("query", year.getIn(), "in the query string");
        assertFalse(year.getRequired(), "optional");
        assertEquals("array", year.getSchema().getTypes().iterator().next(), "repeatable: an array");
        assertEquals(Set.of("integer"), year.getSchema().getItems().getTypes(), "of integers");
        assertEquals(List.of(2018, 2019), year.getSchema().getItems().getEnum().stream().map(n -> ((Number) n).intValue()).toList(),
                "enumerated from the store, as numbers");
        Parameter company = doc.getPaths().get("/queries/company-platforms").getGet().getParameters().get(0);
        assertTrue(company.getRequired(), "a required parameter");
        assertEquals("iri", company.getSchema().getItems().getFormat(), "an IRI");
        Operation perYear = doc.getPaths().get("/queries/platforms-per-year").getPost();
        assertNotNull(perYear, "#+ method: POST makes a POST operation");
        assertNotNull(perYear.getRequestBody().getContent().get("application/x-www-form-urlencoded"), "with a form body");
        Map<String, ?> types = doc.getPaths().get("/queries/platform-graph").getGet().getResponses().get("200").getContent();
        assertEquals(Set.of("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"), types.keySet(),
                "a CONSTRUCT answers RDF");
        Parameter lang = doc.getPaths().get("/queries/domains").getGet().getParameters().get(0);
        assertEquals("[\"en\"]", String.valueOf(lang.getSchema().getDefault()), "the default value");
        Parameter facts = doc.getPaths().get("/queries/designation-facts").getGet().getParameters().stream()
                .filter(p -> p.getName().equals("day")).findFirst().orElseThrow();
        assertEquals("date", facts.getSchema().getItems().getFormat(), "an xsd:date is a JSON Schema date");
    }

    @Test
    void theValidatorCatchesABrokenDocument() {
        // The same check on a document with known faults: proves the validation above can fail.
        String broken = "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"x\"}, \"paths\": {\"/q\": {\"get\": "
                + "{\"parameters\": [{\"name\": \"a\", \"in\": \"nowhere\"}]}}}}";
        List<String> messages = validate(broken).getMessages();
        assertTrue(messages.stream().anyMatch(m -> m.contains("version")), "a missing info.version is reported: " + messages);
        assertTrue(messages.stream().anyMatch(m -> m.contains("nowhere") || m.contains("in")), "a bad 'in' is reported: " + messages);
    }

    @Test
    void apiDocsServesSwaggerUiFromTheJar() {
        HttpResponse<String> page = Http.get(api.base + "/api-docs", "text/html");
        assertEquals(200, page.statusCode(), "the page");
        assertTrue(page.body().contains("api-docs/swagger-ui-bundle.js") && !page.body().contains("http"),
                "loads its script from this server, nothing from elsewhere: " + page.body());
        HttpResponse<String> js = Http.get(api.base + "/api-docs/swagger-ui-bundle.js", null);
        assertEquals(200, js.statusCode(), "Swagger UI's script is served from the WebJar");
        assertTrue(js.body().length() > 500_000 && js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"),
                "the whole bundle, as JavaScript");
        assertEquals(200, Http.get(api.base + "/api-docs/swagger-ui.css", null).statusCode(), "its style sheet");
        HttpResponse<String> init = Http.get(api.base + "/api-docs/init.js", null);
        assertTrue(init.body().contains("validatorUrl: null") && init.body().contains("\"openapi.json\""),
                "our start-up script points at our document and turns off the online validator: " + init.body());
        assertEquals(404, Http.get(api.base + "/api-docs/index.html", null).statusCode(), "only the files the page uses");
        HttpResponse<String> trick = Http.get(api.base + "/api-docs/%2e%2e/%2e%2e/etc/passwd", null);
        assertTrue(trick.statusCode() == 400 || trick.statusCode() == 404, "no path tricks: " + trick.statusCode());
    }

    @Test
    void apiDocsRenderInAHeadlessBrowserWithoutTheNetwork() throws Exception {
        Path chromium = ExternalTool.require("chromium", "chromium", "chromium-browser", "google-chrome");
        Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
        // Every host name but the server's resolves to nothing: the page must render from this server alone.
        ExternalTool.Result r = ExternalTool.run(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--virtual-time-budget=20000",
                "--dump-dom", api.base + "/api-docs"), tmp, Map.of(), 120);
        assertEquals(0, r.code(), "chromium ran: " + tail(r.out()));
        assertTrue(r.out().contains("AI Hegemony KG — saved queries"), "Swagger UI rendered the document's title: " + tail(r.out()));
        for (String name : List.of("open-platforms", "company-platforms", "platform-graph"))
            assertTrue(r.out().contains("/queries/" + name), "the operation " + name + " is on the page");
    }

    static String tail(String s) {
        return s.length() < 3000 ? s : "..." + s.substring(s.length() - 3000);
    }
}
