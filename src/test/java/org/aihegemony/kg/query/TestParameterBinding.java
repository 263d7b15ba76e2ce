package org.aihegemony.kg.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Var;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binding request values to saved-query parameters, run on a real TDB2 store built from the API fixture:
 * every type, repeated values, defaults, allowed values, and injection attempts that must stay literal.
 */
class TestParameterBinding {
    static final String ID = "https://w3id.org/aihegemony/id/";

    @TempDir
    static Path tmp;
    static KgStore store;
    static QueryCatalog catalog;

    @BeforeAll
    static void build() {
        Path sources = tmp.resolve("sources");
        Fixtures.copyTree(Fixtures.resource("api"), sources);
        SourceSet set = SourceSet.fromDirectory(sources);
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(set, false);
        store = KgStore.open(r.store(), Duration.ofSeconds(5));
        catalog = QueryCatalog.compile(SavedQueries.from(set)).withStoreValues(store.dataset(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        if (store != null)
            store.close();
    }

    /** Params as name, value, name, value, ... */
    static Map<String, List<String>> params(String... nv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < nv.length; i += 2)
            m.computeIfAbsent(nv[i], k -> new java.util.ArrayList<>()).add(nv[i + 1]);
        return m;
    }

    static String run(Query q, ResultFormat f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryRunner.run(store.dataset(), q, f, out, 5000);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The CSV answer's data rows. */
    static List<String> rows(String query, String... nv) {
        String csv = run(catalog.get(query).bind(params(nv)), ResultFormat.CSV);
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        return lines.subList(1, lines.size());
    }

    static String refusal(String query, String... nv) {
        KgException e = assertThrows(KgException.class, () -> catalog.get(query).bind(params(nv)),
                query + " refuses " + Arrays.toString(nv));
        assertEquals(ErrorCode.QUERY_PARAMETER, e.code(), "a parameter error: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void integerParameter() {
        assertEquals(5, rows("open-platforms").size(), "no year: every designation");
        assertEquals(List.of("Xiaomi,smart home,2019", "Yitu,visual computing,2019"), rows("open-platforms", "year", "2019"),
                "year=2019: the 2019 batch");
        assertEquals(rows("open-platforms", "year", "2019"), rows("open-platforms", "year", " +02019 "),
                "an integer is compared as a number, whatever its spelling");
        assertEquals("Parameter year: 'twenty' is not an xsd:integer literal", refusal("open-platforms", "year", "twenty"),
                "a word is not an integer");
        assertEquals("Parameter year: '2020' is not one of 2018, 2019", refusal("open-platforms", "year", "2020"),
                "#+ enumerate: - year lists the years in the store");
        assertEquals(List.of("Alibaba,smart city,2018", "Baidu,autonomous driving,2018", "iFlytek,speech recognition,2018",
                "Xiaomi,smart home,2019", "Yitu,visual computing,2019"), rows("open-platforms", "year", "2018", "year", "2019"),
                "two years bind a VALUES block");
    }

    @Test
    void iriParameter() {
        assertEquals(List.of("Baidu,autonomous driving"), rows("company-platforms", "company", ID + "baidu"), "a full IRI");
        assertEquals(List.of("Baidu,autonomous driving"), rows("company-platforms", "company", "aihr:baidu"),
                "a prefixed name with one of the query's prefixes");
        assertEquals(List.of("Baidu,autonomous driving", "Yitu,visual computing"),
                rows("company-platforms", "company", ID + "yitu", "company", ID + "baidu"), "two companies: a VALUES block");
        assertEquals("Missing required parameter: company (an absolute IRI)", refusal("company-platforms"), "required");
        for (String bad : new String[] { "baidu", "relative/path", ID + "baidu> . ?s ?p ?o", ID + "bai du",
                ID + "baidu\"", "<" + ID + "baidu>", ID + "{x}", "http://" }) {
            String m = refusal("company-platforms", "company", bad);
            assertTrue(m.startsWith("Parameter company: ") && m.contains("IRI"), "refused as an IRI (" + bad + "): " + m);
        }
    }

    @Test
    void languageTaggedParameters() {
        assertEquals(List.of(ID + "baidu"), rows("labels-by-language", "ko", "바이두"), "a Korean label");
        assertEquals(List.of(ID + "baidu"), rows("labels-by-language", "en", "Baidu"), "an English label");
        assertEquals(List.of(), rows("labels-by-language", "ko", "Baidu"), "English text tagged @ko matches nothing");
        assertEquals(List.of(ID + "baidu"), rows("labels-by-language", "ko", "바이두", "en", "Baidu"), "both");
    }

    @Test
    void plainStringAndInjectionAttempts() {
        assertEquals(List.of(ID + "baidu"), rows("label-lookup", "name", "Baidu"), "an exact label");
        for (String attack : new String[] { "x\" } UNION { ?s ?p ?o } #", "x' } UNION { ?s ?p ?o } #",
                "Baidu\") || (\"a\" = \"a", "Baidu\" || true || \"", "}\nSELECT * { ?resource ?p ?o } #",
                "Baidu\n# comment", "\\\"Baidu\\\"", "Baidu } UNION { ?resource ?p ?o }" }) {
            assertEquals(List.of(), rows("label-lookup", "name", attack),
                    "the attack is one literal and matches no label: " + attack);
        }
        assertEquals(List.of(), rows("labels-by-language", "en", "Baidu\"@en . ?resource ?p ?o . #"),
                "a language-tagged attack stays one literal");
    }

    @Test
    void decimalBooleanDateAndNumber() {
        String baidu = ID + "designation-baidu";
        assertEquals(5, rows("designation-facts").size(), "the default minimum 0.0 keeps every designation");
        assertEquals(3, rows("designation-facts", "minimum", "0.9").size(), "accuracy >= 0.9: Baidu, iFlytek, Yitu");
        assertTrue(refusal("designation-facts", "minimum", "1e3").contains("not an xsd:decimal"), "a decimal has no exponent");
        assertEquals(List.of(ID + "designation-iflytek"), rows("designation-facts", "above", "9.5e-1").stream()
                .map(r -> r.split(",")[0]).toList(), "_number takes a double");
        List<String> open = rows("designation-facts", "open", "true").stream().map(r -> r.split(",")[0]).toList();
        assertEquals(List.of(baidu, ID + "designation-yitu"), open, "open=true");
        assertEquals(open, rows("designation-facts", "open", "1").stream().map(r -> r.split(",")[0]).toList(),
                "1 is true in XSD");
        assertTrue(refusal("designation-facts", "open", "yes").contains("not an xsd:boolean"), "yes is not a boolean");
        assertEquals(2, rows("designation-facts", "since", "2019-01-01").size(), "designated since 2019");
        assertEquals(3, rows("designation-facts", "day", "2018-11-15").size(), "designated on 2018-11-15 (_xsd_date)");
        assertTrue(refusal("designation-facts", "since", "2019-13-45").contains("not an xsd:date"), "no 13th month");
    }

    @Test
    void defaultsAndEnumerations() {
        assertEquals(List.of("autonomous driving", "smart city", "smart home", "speech recognition", "visual computing"),
                rows("domains"), "the default language, en");
        assertEquals(5, rows("domains", "lang", "ko").size(), "Korean labels");
        assertTrue(rows("domains", "lang", "ko").contains("자율주행"), "in Korean");
        assertEquals("Parameter lang: 'fr' is not one of en, ko", refusal("domains", "lang", "fr"), "not an enumerated value");
        assertEquals(List.of("2018,3", "2019,2"), rows("platforms-per-year"), "the default least=1");
        assertEquals(List.of("2018,3"), rows("platforms-per-year", "least", "3"),
                "the second HAVING condition is bound too (Jena 5.6 rewrites it from the first)");
        assertEquals("Parameter least takes one value in platforms-per-year, got 2",
                refusal("platforms-per-year", "least", "1", "least", "2"), "HAVING takes one value");
        assertEquals(rows("open-platforms"), rows("open-platforms", "year", ""), "an empty value counts as not given");
    }

    @Test
    void unknownParametersAreNamed() {
        assertEquals("Unknown parameter: yaer (open-platforms takes year)", refusal("open-platforms", "yaer", "2019"), "a typo");
        assertEquals("Unknown parameter: x (label-lookup takes name)", refusal("label-lookup", "name", "a", "x", "1"), "extra");
    }

    @Test
    void constructAndAsk() {
        String ttl = run(catalog.get("platform-graph").bind(params()), ResultFormat.NT);
        assertEquals(3, ttl.strip().split("\n").length, "the default company's three triples: " + ttl);
        assertTrue(ttl.contains("<" + ID + "baidu>"), "Baidu by default: " + ttl);
        String yitu = run(catalog.get("platform-graph").bind(params("company", ID + "yitu")), ResultFormat.NT);
        assertTrue(yitu.contains("<" + ID + "yitu>") && !yitu.contains("baidu"), "Yitu's triples only: " + yitu);
        assertTrue(run(catalog.get("is-designated").bind(params("company", ID + "baidu")), ResultFormat.JSON).contains("true"),
                "ASK true for Baidu");
        assertTrue(run(catalog.get("is-designated").bind(params("company", ID + "google")), ResultFormat.JSON).contains("false"),
                "ASK false for a company without a platform");
    }

    @Test
    void boundQueriesKeepTheirColumns() {
        QueryTemplate star = QueryTemplate.compile("star", "queries/star.rq",
                "SELECT * { ?d <https://w3id.org/aihegemony/ontology#year> ?__year_integer ; "
                        + "<https://w3id.org/aihegemony/ontology#designatedCompany> ?c }");
        List<Var> unbound = star.query().getProjectVars();
        Query bound = star.bind(params("year", "2019"));
        assertEquals(unbound, bound.getProjectVars(), "SELECT * keeps the parameter's column when it is bound");
        String csv = run(bound, ResultFormat.CSV);
        assertTrue(csv.startsWith("d,__year_integer,c\r\n") && csv.contains(",2019,"), "the bound value fills its column: " + csv);
    }
}
