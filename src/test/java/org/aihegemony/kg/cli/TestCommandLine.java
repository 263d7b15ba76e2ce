package org.aihegemony.kg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.store.StoreBuilder;
import org.aihegemony.kg.store.StoreInfo;
import org.aihegemony.kg.store.TextIndexes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit codes, messages and output, run in-process on fixture sources. */
class TestCommandLine {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.code(), "--help exits 0");
        assertTrue(help.out().contains("serve") && help.out().contains("validate"), "help lists the commands: " + help.out());
        Run queryHelp = run("help", "query");
        assertTrue(queryHelp.out().contains("--format"), "help query explains its options: " + queryHelp.out());
        Run version = run("--version");
        assertEquals(0, version.code(), "--version exits 0");
        assertTrue(version.out().startsWith("aihegemony-kg "), "version line: " + version.out());
    }

    @Test
    void usageErrorsHaveTheirCode() {
        Run unknown = run("frobnicate");
        assertEquals(ErrorCode.USAGE.exitCode(), unknown.code(), "unknown command is a usage error");
        assertTrue(unknown.err().contains("KG-USAGE") && unknown.err().contains("frobnicate"), "names the command: " + unknown.err());
        Run badPort = run("serve", "--port", "http");
        assertEquals(ErrorCode.USAGE.exitCode(), badPort.code(), "a bad port is a usage error");
        assertTrue(badPort.err().contains("--port"), "names the option: " + badPort.err());
        Run missing = run("build", "--store");
        assertEquals(ErrorCode.USAGE.exitCode(), missing.code(), "an option without its value is a usage error");
        Run badTimeout = run("query", "x", "--timeout", "-3");
        assertEquals(ErrorCode.USAGE.exitCode(), badTimeout.code(), "a negative timeout is a usage error: " + badTimeout.err());
    }

    @Test
    void buildThenQueryASavedQueryAsCsv() {
        Path sources = Fixtures.basicSources(tmp);
        String store = tmp.resolve("store").toString();
        Run build = run("build", "--sources", sources.toString(), "--store", store);
        assertEquals(0, build.code(), "build succeeds: " + build.err());
        assertTrue(build.out().contains("Built"), "build reports what it built: " + build.out());
        Run again = run("build", "--sources", sources.toString(), "--store", store);
        assertTrue(again.out().contains("Up to date"), "an unchanged build says so: " + again.out());
        Run q = run("query", "platforms", "--sources", sources.toString(), "--store", store, "--format", "csv");
        assertEquals(0, q.code(), "query succeeds: " + q.err());
        assertEquals("platform,company\r\nKaggle,Google\r\n", q.out(), "CSV answer of the saved query");
        Run list = run("query", "--list", "--sources", sources.toString());
        assertTrue(list.out().contains("platforms") && list.out().contains("Platforms and who acquired them"),
                "--list names the saved queries with their summaries: " + list.out());
    }

    @Test
    void buildWithoutTheTextIndexHasTheSameQuadsAndNoIndexUntilForced() {
        Path sources = Fixtures.basicSources(tmp);
        Path bare = tmp.resolve("bare");
        Path full = tmp.resolve("full");
        Run without = run("build", "--no-text-index", "--sources", sources.toString(), "--store", bare.toString());
        assertEquals(0, without.code(), "build --no-text-index succeeds: " + without.err());
        assertEquals(0, run("build", "--sources", sources.toString(), "--store", full.toString()).code(), "the default build succeeds");
        StoreInfo b = StoreBuilder.current(bare).orElseThrow();
        StoreInfo f = StoreBuilder.current(full).orElseThrow();
        assertFalse(TextIndexes.exists(b.dir()), "--no-text-index writes no text index: " + b.dir());
        assertFalse(Files.exists(b.dir().resolve(TextIndexes.DIR)), "nor a partial one: " + b.dir());
        assertTrue(TextIndexes.exists(f.dir()), "the default build writes one: " + f.dir());
        assertEquals(f.count("quads"), b.count("quads"), "the same number of quads with and without the index");
        assertEquals(f.count("inferred"), b.count("inferred"), "the same entailments with and without the index");
        Path textQuery = tmp.resolve("search.rq");
        try {
            Files.writeString(textQuery, "PREFIX text: <http://jena.apache.org/text#>\nSELECT ?s { (?s ?score) text:query \"Kaggle\" }\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run search = run("query", textQuery.toString(), "--sources", sources.toString(), "--store", bare.toString(), "--format", "csv");
        assertEquals(ErrorCode.STORE.exitCode(), search.code(), "text:query over a store without an index is refused: " + search.out());
        assertTrue(search.err().contains("KG-STORE") && search.err().contains("search.rq") && search.err().contains("--no-text-index"),
                "naming the query file and why: " + search.err());
        Run found = run("query", textQuery.toString(), "--sources", sources.toString(), "--store", full.toString(), "--format", "csv");
        assertEquals(0, found.code(), "the same query over a store with the index: " + found.err());
        assertTrue(found.out().contains("https://w3id.org/aihegemony/id/kaggle"), "finds Kaggle: " + found.out());
        Run again = run("build", "--sources", sources.toString(), "--store", bare.toString());
        assertTrue(again.out().contains("Up to date"), "unchanged sources keep the store: " + again.out());
        assertTrue(again.err().contains("built without a text index") && again.err().contains("--force"),
                "and say how to add the index: " + again.err());
        Run forced = run("build", "--force", "--sources", sources.toString(), "--store", bare.toString());
        assertEquals(0, forced.code(), "build --force succeeds: " + forced.err());
        assertTrue(TextIndexes.exists(StoreBuilder.current(bare).orElseThrow().dir()), "--force adds the index");
    }

    @Test
    void failuresReportTheirCodeAndWhere() {
        Path sources = Fixtures.basicSources(tmp);
        String store = tmp.resolve("store").toString();
        Run unknownQuery = run("query", "top-actors", "--sources", sources.toString(), "--store", store);
        assertEquals(ErrorCode.UNKNOWN_QUERY.exitCode(), unknownQuery.code(), "unknown saved query code");
        assertTrue(unknownQuery.err().contains("Unknown saved query: top-actors"), unknownQuery.err());

        Path bad = Fixtures.addFailure(sources, "malformed-query.rq", "queries");
        Run badQuery = run("query", bad.toString(), "--sources", sources.toString(), "--store", store);
        assertEquals(ErrorCode.QUERY_SYNTAX.exitCode(), badQuery.code(), "malformed query code: " + badQuery.err());
        assertTrue(badQuery.err().contains("malformed-query.rq"), "names the file: " + badQuery.err());

        Fixtures.addFailure(sources, "unlabelled-resource.ttl", "rdf");
        Run invalid = run("validate", "--sources", sources.toString());
        assertEquals(ErrorCode.VALIDATION.exitCode(), invalid.code(), "validation failure code");
        assertTrue(invalid.err().contains("missing-label-violation.rq") && invalid.err().contains("mystery"),
                "the report names the check and the resource: " + invalid.err());

        Fixtures.addFailure(sources, "undefined-prefix.ttl", "rdf");
        Run syntax = run("build", "--sources", sources.toString(), "--store", store);
        assertEquals(ErrorCode.SOURCE_SYNTAX.exitCode(), syntax.code(), "syntax error code");
        assertTrue(syntax.err().contains("KG-SOURCE-SYNTAX") && syntax.err().contains("rdf/undefined-prefix.ttl:5:"),
                "the error names file and line: " + syntax.err());
    }

    @Test
    void aPortInUseIsAServerError() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run serve = run("serve", "--port", Integer.toString(taken.getLocalPort()), "--sources", sources.toString(),
                    "--store", tmp.resolve("store").toString());
            assertEquals(ErrorCode.SERVER.exitCode(), serve.code(), "a taken port is a server error: " + serve.err());
            assertTrue(serve.err().contains("KG-SERVER") && serve.err().contains(Integer.toString(taken.getLocalPort())),
                    "the message names the port: " + serve.err());
        }
    }
}
