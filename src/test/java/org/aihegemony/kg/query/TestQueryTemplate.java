package org.aihegemony.kg.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.store.SourceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compiling saved queries: grlc headers, parameter discovery and typing, and every refusal with file:line. */
class TestQueryTemplate {
    @TempDir
    Path tmp;

    static QueryCatalog apiCatalog(Path tmp) {
        Path sources = tmp.resolve("api-sources");
        Fixtures.copyTree(Fixtures.resource("api"), sources);
        return QueryCatalog.compile(SavedQueries.from(SourceSet.fromDirectory(sources)));
    }

    @Test
    void headersFollowGrlc() {
        QueryCatalog c = apiCatalog(tmp);
        QueryTemplate open = c.get("open-platforms");
        assertEquals("Designated open innovation platforms, by company, domain and year", open.header().summary(),
                "the summary line");
        assertTrue(open.header().description().startsWith("Every company designated") && open.header().description().contains("Give a year"),
                "a folded multi-line description is one text: " + open.header().description());
        assertEquals(List.of("platforms"), open.header().tags(), "tags as a YAML block list");
        assertEquals(List.of("platforms", "companies"), c.get("company-platforms").header().tags(), "tags as a flow list");
        assertEquals("POST", c.get("platforms-per-year").header().method(), "#+ method");
        assertEquals("GET", open.header().method(), "GET when no method is given");
        QueryParameter year = open.parameter("year").orElseThrow();
        assertTrue(year.fromStore(), "a bare name under enumerate lists values from the store");
        QueryParameter lang = c.get("domains").parameter("lang").orElseThrow();
        assertEquals(List.of("en", "ko"), lang.allowed(), "enumerated values from the header");
        assertEquals(List.of("en"), lang.defaults(), "default from the header");
        assertFalse(lang.fromStore(), "values listed in the header are not read from the store");
    }

    @Test
    void parametersAreTypedBySuffix() {
        QueryCatalog c = apiCatalog(tmp);
        QueryParameter company = c.get("company-platforms").parameter("company").orElseThrow();
        assertEquals(ParameterType.Kind.IRI, company.type().kind(), "_iri is an IRI");
        assertTrue(company.required(), "?_ is required");
        QueryParameter year = c.get("open-platforms").parameter("year").orElseThrow();
        assertEquals(ParameterType.typed(ParameterType.XSD + "integer"), year.type(), "_integer is xsd:integer");
        assertFalse(year.required(), "?__ is optional");
        QueryTemplate facts = c.get("designation-facts");
        assertEquals(List.of("minimum", "open", "since", "day", "above"),
                facts.parameters().stream().map(QueryParameter::name).toList(), "parameters in the order the text uses them");
        assertEquals("decimal", facts.parameter("minimum").orElseThrow().type().label(), "_decimal");
        assertEquals("boolean", facts.parameter("open").orElseThrow().type().label(), "_boolean");
        assertEquals("date", facts.parameter("since").orElseThrow().type().label(), "_date (an XSD name)");
        assertEquals("date", facts.parameter("day").orElseThrow().type().label(), "_xsd_date (prefix and local name)");
        assertEquals(ParameterType.NUMBER, facts.parameter("above").orElseThrow().type(), "_number");
        QueryTemplate labels = c.get("labels-by-language");
        assertEquals(ParameterType.language("ko"), labels.parameter("ko").orElseThrow().type(), "_ko is a language tag");
        assertEquals(ParameterType.STRING, c.get("label-lookup").parameter("name").orElseThrow().type(), "no suffix: a plain string");
        QueryParameter least = c.get("platforms-per-year").parameter("least").orElseThrow();
        assertFalse(least.required(), "a parameter with a default is not required");
        assertFalse(least.repeatable(), "a parameter used only in HAVING takes one value");
        assertTrue(company.repeatable(), "a parameter the main pattern binds takes several values");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "header-malformed.rq|2|malformed #+ header",
        "header-unknown-decorator.rq|2|unknown decorator #+ sumary",
        "header-endpoint.rq|2|#+ endpoint is not supported",
        "header-default-unknown-parameter.rq|3|names year, which is not a parameter of this query (parameters: yaer)",
        "header-default-wrong-type.rq|3|year value 'twenty-nineteen' is not an xsd:integer literal",
        "parameter-bad-name.rq|3|?_start_year_of_x_integer starts with '_' but is not a parameter",
        "parameter-unknown-datatype.rq|3|xsd:dayte is not an XSD datatype",
        "parameter-undeclared-prefix.rq|3|the prefix cur: is not declared",
        "parameter-assigned.rq|4|?__n_integer is assigned in the query",
        "parameter-declared-twice.rq|4|?_year and ?__year_integer both declare the parameter year",
        "header-enumerate-unbound.rq|3|pattern does not bind ?__year_integer",
    })
    void brokenQueryFilesAreNamedWithTheirLine(String file, int line, String message) {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, file, "queries");
        KgException e = assertThrows(KgException.class,
                () -> QueryCatalog.compile(SavedQueries.from(SourceSet.fromDirectory(sources))), file + " is refused");
        assertEquals(ErrorCode.QUERY_SYNTAX, e.code(), "a broken saved query is a query syntax error: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("queries/" + file + ":" + line + ": "), "names file and line: " + e.getMessage());
        assertTrue(e.getMessage().contains(message), "says what is wrong (" + message + "): " + e.getMessage());
    }

    @Test
    void savedQueryNamesAreKebabCase() {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, "Not_Kebab.rq", "queries");
        KgException e = assertThrows(KgException.class,
                () -> QueryCatalog.compile(SavedQueries.from(SourceSet.fromDirectory(sources))), "a non-kebab name is refused");
        assertTrue(e.getMessage().startsWith("queries/Not_Kebab.rq: ") && e.getMessage().contains("kebab-case"),
                "names the file and the rule: " + e.getMessage());
    }

    @Test
    void theRepositorysOwnQueriesCompile() {
        SourceSet repo = SourceSet.fromDirectory(Fixtures.repository());
        QueryCatalog c = QueryCatalog.compile(SavedQueries.from(repo));
        assertEquals(SavedQueries.from(repo).all().size(), c.all().size(), "every saved query in queries/ compiles");
        assertTrue(c.find("open-platforms").isPresent(), "including open-platforms");
        assertEquals(List.of("year", "company"), c.get("open-platforms").parameters().stream().map(QueryParameter::name).toList(),
                "open-platforms takes a year and a company");
    }
}
