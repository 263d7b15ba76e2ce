package org.aihegemony.kg.cli;

import static org.aihegemony.kg.cli.TestCommandLine.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.cli.TestCommandLine.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query NAME --param ...}: the saved queries' parameters on the command line. */
class TestQueryCommand {
    static final String ID = "https://w3id.org/aihegemony/id/";

    @TempDir
    Path tmp;
    String sources;
    String store;

    @BeforeEach
    void sources() {
        Path s = tmp.resolve("sources");
        Fixtures.copyTree(Fixtures.resource("api"), s);
        sources = s.toString();
        store = tmp.resolve("store").toString();
    }

    Run query(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "query";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--sources";
        all[args.length + 2] = sources;
        all[args.length + 3] = "--store";
        all[args.length + 4] = store;
        return run(all);
    }

    @Test
    void parametersAreBound() {
        Run r = query("open-platforms", "--param", "year=2019", "--format", "csv");
        assertEquals(0, r.code(), "query succeeds: " + r.err());
        assertEquals("company,domain,year\r\nXiaomi,smart home,2019\r\nYitu,visual computing,2019\r\n", r.out(), "the 2019 rows");
        Run two = query("company-platforms", "--param", "company=" + ID + "yitu", "--param=company=aihr:baidu", "--format", "csv");
        assertEquals("company,domain\r\nBaidu,autonomous driving\r\nYitu,visual computing\r\n", two.out(),
                "a repeated --param binds several values: " + two.err());
        Run dflt = query("domains", "--format", "csv");
        assertTrue(dflt.out().contains("smart city"), "defaults apply: " + dflt.out() + dflt.err());
        Run table = query("open-platforms", "--param", "year=2018");
        assertTrue(table.out().contains("| \"Baidu\"") && !table.out().contains("Yitu"), "the default table format: " + table.out());
    }

    @Test
    void parameterErrorsHaveTheirCode() {
        expect(query("open-platforms", "--param", "year=abc"), "Parameter year: 'abc' is not an xsd:integer literal");
        expect(query("open-platforms", "--param", "yaer=2019"), "Unknown parameter: yaer (open-platforms takes year)");
        expect(query("company-platforms"), "Missing required parameter: company (an absolute IRI)");
        expect(query("open-platforms", "--param", "year=2020"), "Parameter year: '2020' is not one of 2018, 2019");
        expect(query("company-platforms", "--param", "company=" + ID + "x> . ?s ?p ?o"), "Parameter company: ");
        Run usage = query("open-platforms", "--param", "year");
        assertEquals(ErrorCode.USAGE.exitCode(), usage.code(), "--param without '=' is a usage error: " + usage.err());
    }

    static void expect(Run r, String message) {
        assertEquals(ErrorCode.QUERY_PARAMETER.exitCode(), r.code(), "exit " + ErrorCode.QUERY_PARAMETER.exitCode() + ": " + r.err());
        assertTrue(r.err().startsWith("Error KG-QUERY-PARAMETER: " + message), "code and message: " + r.err());
    }

    @Test
    void aQueryFileTakesParametersToo() throws Exception {
        Path file = tmp.resolve("by-year.rq");
        Files.writeString(file, "PREFIX aih: <https://w3id.org/aihegemony/ontology#>\n"
                + "SELECT (COUNT(?d) AS ?n) { ?d aih:year ?_year_integer }\n");
        Run r = query(file.toString(), "--param", "year=2018", "--format", "csv");
        assertEquals("n\r\n3\r\n", r.out(), "a file's parameter: " + r.err());
        Run missing = query(file.toString(), "--format", "csv");
        assertEquals(ErrorCode.QUERY_PARAMETER.exitCode(), missing.code(), "its required parameter: " + missing.err());
    }

    @Test
    void validateChecksTheSavedQueries() {
        Run ok = run("validate", "--sources", sources);
        assertEquals(0, ok.code(), "the fixture validates: " + ok.err());
        assertTrue(ok.out().contains("11 saved queries compile"), "validate says the saved queries compile: " + ok.out());
        Fixtures.addFailure(Path.of(sources), "header-endpoint.rq", "queries");
        Run bad = run("validate", "--sources", sources);
        assertEquals(ErrorCode.QUERY_SYNTAX.exitCode(), bad.code(), "a broken saved query fails validate: " + bad.err());
        assertTrue(bad.err().contains("queries/header-endpoint.rq:2: #+ endpoint is not supported"), "naming file and line: " + bad.err());
    }
}
