package org.aihegemony.kg.api;

import static org.aihegemony.kg.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.aihegemony.kg.Http;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved-query API over real HTTP: listing, formats, parameters, errors, injection and limits. */
class TestSavedQueryApi {
    static final String ID = "https://w3id.org/aihegemony/id/";
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @TempDir
    static Path tmp;
    static ApiServer api;

    @BeforeAll
    static void start() {
        api = ApiServer.fixture(tmp, Duration.ofSeconds(2), 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        if (api != null)
            api.close();
    }

    static HttpResponse<String> get(String pathAndQuery, String accept) {
        return Http.get(api.base + pathAndQuery, accept);
    }

    static String type(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    static List<QuerySolution> table(HttpResponse<String> r, Lang lang) {
        ResultSet rs = ResultSetMgr.read(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)), lang);
        List<QuerySolution> out = new ArrayList<>();
        rs.forEachRemaining(out::add);
        return out;
    }

    static Model graph(HttpResponse<String> r, Lang lang) {
        Model m = ModelFactory.createDefaultModel();
        RDFParser.fromString(r.body(), lang).parse(m);
        return m;
    }

    static JsonObject query(JsonObject listing, String name) {
        for (JsonValue q : listing.get("queries").getAsArray())
            if (q.getAsObject().get("name").getAsString().value().equals(name))
                return q.getAsObject();
        throw new AssertionError("the listing has " + name + ": " + listing);
    }

    static JsonObject param(JsonObject query, String name) {
        for (JsonValue p : query.get("parameters").getAsArray())
            if (p.getAsObject().get("name").getAsString().value().equals(name))
                return p.getAsObject();
        throw new AssertionError(query.get("name") + " has the parameter " + name);
    }

    @Test
    void listingAsJson() {
        HttpResponse<String> r = get("/queries", null);
        assertEquals(200, r.statusCode(), "the listing answers: " + r.body());
        assertTrue(type(r).startsWith("application/json"), "JSON without an Accept header: " + type(r));
        JsonObject listing = JSON.parse(r.body());
        List<String> names = listing.get("queries").getAsArray().stream().map(q -> q.getAsObject().get("name").getAsString().value()).toList();
        assertEquals(List.of("all-pairs", "company-platforms", "designation-facts", "domains", "is-designated", "label-lookup",
                "labels-by-language", "open-platforms", "platform-graph", "platforms-per-year", "slow-count"), names,
                "every saved query, by name, not the checks");
        JsonObject open = query(listing, "open-platforms");
        assertEquals("Designated open innovation platforms, by company, domain and year", open.get("summary").getAsString().value(), "summary");
        assertEquals("SELECT", open.get("type").getAsString().value(), "query type");
        assertEquals(List.of("json", "csv", "tsv", "xml"), strings(open.get("formats").getAsArray()), "table formats");
        JsonObject year = param(open, "year");
        assertEquals("integer", year.get("type").getAsString().value(), "year is an integer");
        assertEquals("http://www.w3.org/2001/XMLSchema#integer", year.get("datatype").getAsString().value(), "its datatype");
        assertFalse(year.get("required").getAsBoolean().value(), "?__year is optional");
        assertEquals(List.of("2018", "2019"), strings(year.get("allowedValues").getAsArray()), "years found in the store");
        assertTrue(year.get("allowedValuesFromStore").getAsBoolean().value(), "and marked as such");
        JsonObject company = param(query(listing, "company-platforms"), "company");
        assertEquals("iri", company.get("type").getAsString().value(), "company is an IRI");
        assertTrue(company.get("required").getAsBoolean().value(), "?_company is required");
        assertTrue(company.get("repeatable").getAsBoolean().value(), "and may be repeated");
        JsonObject lang = param(query(listing, "domains"), "lang");
        assertEquals("en", lang.get("default").getAsString().value(), "default");
        assertEquals(List.of("en", "ko"), strings(lang.get("allowedValues").getAsArray()), "enumerated values");
        assertEquals("ko", param(query(listing, "labels-by-language"), "ko").get("language").getAsString().value(), "language tag");
        assertEquals(List.of("platforms", "companies"), strings(query(listing, "company-platforms").get("tags").getAsArray()), "tags");
        assertEquals("CONSTRUCT", query(listing, "platform-graph").get("type").getAsString().value(), "a CONSTRUCT query");
        assertEquals(List.of("ttl", "nt", "jsonld", "rdf"), strings(query(listing, "platform-graph").get("formats").getAsArray()),
                "graph formats");
    }

    static List<String> strings(JsonArray a) {
        return a.stream().map(v -> v.getAsString().value()).toList();
    }

    @Test
    void listingAsHtmlForBrowsers() {
        HttpResponse<String> r = get("/queries", BROWSER);
        assertEquals(200, r.statusCode(), "the page answers");
        assertTrue(type(r).startsWith("text/html"), "HTML for a browser: " + type(r));
        assertTrue(r.body().contains("<section id=\"open-platforms\">") && r.body().contains("formaction=\"/queries/open-platforms.csv\""),
                "a section and a CSV button per query: " + r.body());
        assertTrue(r.body().contains("<option>2018</option>"), "enumerated values as choices");
        assertTrue(r.body().contains("FILTER(STR(?label) = ?_name)"), "the SPARQL is shown");
        assertTrue(r.body().contains("LANG(?company) = &quot;en&quot;"), "and escaped");
        HttpResponse<String> curl = get("/queries/", "*/*");
        assertTrue(type(curl).startsWith("application/json"), "JSON for */*: " + type(curl));
    }

    @Test
    void everyTableFormatBySuffixAndAccept() {
        for (Object[] f : new Object[][] { { "json", "application/sparql-results+json", ResultSetLang.RS_JSON },
                { "xml", "application/sparql-results+xml", ResultSetLang.RS_XML }, { "csv", "text/csv", ResultSetLang.RS_CSV },
                { "tsv", "text/tab-separated-values", ResultSetLang.RS_TSV } }) {
            HttpResponse<String> bySuffix = get("/queries/open-platforms." + f[0] + "?year=2019", null);
            assertEquals(200, bySuffix.statusCode(), "." + f[0] + " answers: " + bySuffix.body());
            assertTrue(type(bySuffix).startsWith((String) f[1]), "." + f[0] + " is " + f[1] + ": " + type(bySuffix));
            List<QuerySolution> rows = table(bySuffix, (Lang) f[2]);
            assertEquals(2, rows.size(), "." + f[0] + " has the two 2019 designations");
            assertEquals("Xiaomi", rows.get(0).get("company").asLiteral().getLexicalForm(), "." + f[0] + " first row");
            HttpResponse<String> byAccept = get("/queries/open-platforms?year=2019", (String) f[1]);
            assertEquals(200, byAccept.statusCode(), "Accept " + f[1]);
            assertTrue(type(byAccept).startsWith((String) f[1]), "Accept " + f[1] + " is honoured: " + type(byAccept));
            assertEquals(2, table(byAccept, (Lang) f[2]).size(), "Accept " + f[1] + " has the rows");
        }
        HttpResponse<String> dflt = get("/queries/open-platforms", null);
        assertTrue(type(dflt).startsWith("application/sparql-results+json"), "SPARQL JSON by default: " + type(dflt));
        assertEquals(5, table(dflt, ResultSetLang.RS_JSON).size(), "every designation without a year");
        HttpResponse<String> browser = get("/queries/open-platforms?year=2018", BROWSER);
        assertTrue(type(browser).startsWith("text/html"),
                "a browser gets the answer as an HTML table (issue 13), not raw XML: " + type(browser));
        HttpResponse<String> csv = get("/queries/open-platforms.csv?year=2019", null);
        assertEquals("company,domain,year\r\nXiaomi,smart home,2019\r\nYitu,visual computing,2019\r\n", csv.body(),
                "the CSV pandas reads");
        HttpResponse<String> ask = get("/queries/is-designated.json?company=" + enc(ID + "yitu"), null);
        assertTrue(ask.body().contains("\"boolean\" : true"), "ASK as SPARQL JSON: " + ask.body());
    }

    @Test
    void everyGraphFormat() {
        for (Object[] f : new Object[][] { { "ttl", "text/turtle", Lang.TURTLE }, { "nt", "application/n-triples", Lang.NTRIPLES },
                { "jsonld", "application/ld+json", Lang.JSONLD }, { "rdf", "application/rdf+xml", Lang.RDFXML } }) {
            HttpResponse<String> r = get("/queries/platform-graph." + f[0] + "?company=" + enc(ID + "yitu"), null);
            assertEquals(200, r.statusCode(), "." + f[0] + ": " + r.body());
            assertTrue(type(r).startsWith((String) f[1]), "." + f[0] + " is " + f[1] + ": " + type(r));
            Model m = graph(r, (Lang) f[2]);
            assertEquals(3, m.size(), "." + f[0] + " parses to Yitu's three triples");
            assertTrue(m.containsResource(m.createResource(ID + "yitu")), "." + f[0] + " is about Yitu");
            HttpResponse<String> a = get("/queries/platform-graph", (String) f[1]);
            assertTrue(type(a).startsWith((String) f[1]), "Accept " + f[1] + ": " + type(a));
            assertTrue(graph(a, (Lang) f[2]).containsResource(ModelFactory.createDefaultModel().createResource(ID + "baidu")),
                    "Accept " + f[1] + " with the default company, Baidu");
        }
        assertTrue(type(get("/queries/platform-graph", null)).startsWith("text/turtle"), "Turtle by default");
    }

    @Test
    void repeatedParametersBindAValuesList() {
        HttpResponse<String> r = get("/queries/company-platforms.csv?company=" + enc(ID + "yitu") + "&company=" + enc(ID + "baidu"), null);
        assertEquals("company,domain\r\nBaidu,autonomous driving\r\nYitu,visual computing\r\n", r.body(), "two companies' rows");
        HttpResponse<String> years = get("/queries/open-platforms.csv?year=2018&year=2019", null);
        assertEquals(6, years.body().split("\r\n").length, "two years: the header and five rows: " + years.body());
        HttpResponse<String> prefixed = get("/queries/company-platforms.csv?company=aihr:xiaomi", null);
        assertEquals("company,domain\r\nXiaomi,smart home\r\n", prefixed.body(), "a prefixed name from the query's prefixes");
    }

    @Test
    void postWithAFormBody() {
        HttpResponse<String> r = Http.send("POST", api.base + "/queries/open-platforms.csv", "application/x-www-form-urlencoded", "year=2019");
        assertEquals(200, r.statusCode(), "POST form: " + r.body());
        assertEquals(3, r.body().split("\r\n").length, "the 2019 rows: " + r.body());
        HttpResponse<String> many = Http.send("POST", api.base + "/queries/company-platforms.csv", "application/x-www-form-urlencoded",
                "company=" + enc(ID + "yitu") + "&company=" + enc(ID + "baidu"));
        assertEquals(3, many.body().split("\r\n").length, "repeated form fields: " + many.body());
        HttpResponse<String> least = Http.send("POST", api.base + "/queries/platforms-per-year.csv", "application/x-www-form-urlencoded", "least=3");
        assertEquals("year,platforms\r\n2018,3\r\n", least.body(), "a POST query (#+ method: POST)");
        HttpResponse<String> json = Http.send("POST", api.base + "/queries/open-platforms.csv", "application/json", "{\"year\": 2019}");
        assertEquals(415, json.statusCode(), "a JSON body is refused: " + json.body());
        assertTrue(json.body().contains("application/x-www-form-urlencoded"), "saying what to send: " + json.body());
    }

    @Test
    void defaultsApplyWhenAParameterIsAbsent() {
        assertEquals("year,platforms\r\n2018,3\r\n2019,2\r\n", get("/queries/platforms-per-year.csv", null).body(), "least defaults to 1");
        assertTrue(get("/queries/domains.csv", null).body().contains("smart city"), "lang defaults to en");
        assertTrue(get("/queries/domains.csv?lang=ko", null).body().contains("스마트 시티"), "lang=ko");
        assertTrue(get("/queries/platform-graph.nt", null).body().contains(ID + "baidu"), "the default company");
    }

    @Test
    void errorsNameWhatIsWrong() {
        expect(400, "Parameter year: 'abc' is not an xsd:integer literal", "/queries/open-platforms.csv?year=abc");
        expect(400, "Parameter year: '2020' is not one of 2018, 2019", "/queries/open-platforms.csv?year=2020");
        expect(400, "Missing required parameter: company (an absolute IRI)", "/queries/company-platforms.csv");
        expect(400, "Unknown parameter: yaer (open-platforms takes year)", "/queries/open-platforms.csv?yaer=2019");
        expect(400, "Unknown parameter: format (open-platforms takes year)", "/queries/open-platforms?format=csv");
        expect(400, "Parameter open: 'yes' is not an xsd:boolean literal", "/queries/designation-facts.csv?open=yes");
        expect(400, "Parameter day: '2019-02-30' is not an xsd:date literal", "/queries/designation-facts.csv?day=2019-02-30");
        expect(400, "Parameter minimum: 'NaN' is not an xsd:decimal literal", "/queries/designation-facts.csv?minimum=NaN");
        expect(400, "Parameter lang: 'fr' is not one of en, ko", "/queries/domains.csv?lang=fr");
        expect(404, "Unknown saved query: top-actors", "/queries/top-actors");
        expect(404, "Unknown saved query: top-actors", "/queries/top-actors.csv");
        expect(404, "Unknown saved query: checks/missing-label-violation", "/queries/checks/missing-label-violation");
        expect(404, "No .ttl answer for open-platforms (a SELECT query): use .json, .csv, .tsv, .xml", "/queries/open-platforms.ttl");
        expect(404, "No .csv answer for platform-graph (a CONSTRUCT query): use .ttl, .nt, .jsonld, .rdf", "/queries/platform-graph.csv");
        HttpResponse<String> png = get("/queries/open-platforms", "image/png");
        assertEquals(406, png.statusCode(), "no acceptable format: " + png.body());
        assertTrue(png.body().contains("text/csv"), "names the formats: " + png.body());
    }

    static void expect(int status, String message, String path) {
        HttpResponse<String> r = get(path, null);
        assertEquals(status, r.statusCode(), path + " answers " + status + ": " + r.body());
        assertTrue(type(r).startsWith("text/plain"), path + ": a plain-text message: " + type(r));
        assertEquals(message, r.body().strip(), path + ": the message names the problem");
    }

    @Test
    void injectionAttemptsStayLiteralValues() {
        for (String attack : new String[] { "x\" } UNION { ?s ?p ?o } #", "x' } UNION { ?resource ?p ?o } #",
                "Baidu\") || (\"a\" = \"a", "Baidu\" || true || \"", "}\nSELECT * { ?resource ?p ?o } #", "Baidu\n#",
                "Baidu } UNION { ?resource ?p ?o }", "\"\"\"Baidu\"\"\"" }) {
            HttpResponse<String> r = get("/queries/label-lookup.csv?name=" + enc(attack), null);
            assertEquals(200, r.statusCode(), "a string is a string: " + attack);
            assertEquals("resource\r\n", r.body(), "zero rows, not every resource: " + attack);
        }
        assertEquals("resource\r\n" + ID + "baidu\r\n", get("/queries/label-lookup.csv?name=Baidu", null).body(),
                "the same query answers an honest value");
        for (String attack : new String[] { ID + "baidu> . ?s ?p ?o", ID + "baidu> } UNION { ?d ?p ?o } #", ID + "baidu>",
                ID + "bai du", "aihr:baidu> ?p ?o", "javascript:alert(1)>" }) {
            HttpResponse<String> r = get("/queries/company-platforms.csv?company=" + enc(attack), null);
            assertEquals(400, r.statusCode(), "an IRI with '>' or a space is refused: " + attack + " -> " + r.body());
            assertTrue(r.body().startsWith("Parameter company: "), "naming the parameter: " + r.body());
        }
        HttpResponse<String> ko = get("/queries/labels-by-language.csv?en=" + enc("Baidu\"@en . ?resource ?p ?o . #"), null);
        assertEquals("resource\r\n", ko.body(), "a language-tagged attack stays one literal");
        HttpResponse<String> n = get("/queries/open-platforms.csv?year=" + enc("2019 || true"), null);
        assertEquals(400, n.statusCode(), "an integer with more after it is refused: " + n.body());
    }

    @Test
    void concurrentRequestsDoNotShareBindings() throws Exception {
        // Many requests at once with different values: each answer must be its own value's.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String year = i % 2 == 0 ? "2018" : "2019";
                answers.add(pool.submit(() -> year + "|" + get("/queries/open-platforms.csv?year=" + year, null).body()));
            }
            for (java.util.concurrent.Future<String> f : answers) {
                String[] a = f.get(60, java.util.concurrent.TimeUnit.SECONDS).split("\\|", 2);
                String[] rows = a[1].split("\r\n");
                assertEquals(a[0].equals("2018") ? 4 : 3, rows.length, "year=" + a[0] + " has its own rows: " + a[1]);
                for (int r = 1; r < rows.length; r++)
                    assertTrue(rows[r].endsWith("," + a[0]), "only year " + a[0] + ": " + a[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void slowQueriesGet503NotABroken200() {
        HttpResponse<String> slow = get("/queries/slow-count.json", null);
        assertEquals(503, slow.statusCode(), "past the time limit: " + slow.body());
        assertEquals("Query timed out (limit 2 s)", slow.body().strip(), "says so");
        HttpResponse<String> big = get("/queries/all-pairs.csv", null);
        assertEquals(503, big.statusCode(), "larger than the cap");
        assertTrue(big.body().startsWith("Result larger than 1 MiB") || big.body().startsWith("Query timed out"),
                "says why: " + big.body().substring(0, Math.min(100, big.body().length())));
        HttpResponse<String> after = get("/queries/open-platforms.csv?year=2019", null);
        assertEquals(200, after.statusCode(), "the server still answers afterwards");
    }
}
