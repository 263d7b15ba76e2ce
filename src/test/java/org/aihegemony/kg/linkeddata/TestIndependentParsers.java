package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parsers other than Jena's read what the live server writes: raptor's {@code rapper} the Turtle and
 * RDF/XML, Python's rdflib the JSON-LD and TriG (Debian's raptor2-utils and python3-rdflib; .ci/run
 * installs them). Each must parse without error and count what Jena counts.
 */
class TestIndependentParsers {
    /** Debian's python3, which has python3-rdflib (a pyenv or venv python on PATH may not). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    static Path tmp;
    static LinkedDataServer ld;

    @BeforeAll
    static void start() {
        ld = LinkedDataServer.start(tmp);
    }

    @AfterAll
    static void stop() {
        if (ld != null)
            ld.close();
    }

    record Run(int code, String out) { }

    static Run run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed (see .ci/run): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " finishes");
        return new Run(p.exitValue(), out);
    }

    Path download(String path, String name) throws IOException {
        HttpResponse<String> r = ld.get(path);
        assertEquals(200, r.statusCode(), path + " answers");
        Path f = tmp.resolve(name);
        Files.writeString(f, r.body(), StandardCharsets.UTF_8);
        return f;
    }

    static long jenaQuads(Path f, Lang lang) {
        DatasetGraph ds = DatasetGraphFactory.createTxnMem();
        RDFParser.source(f).lang(lang).base("http://base.invalid/").parse(ds);
        return ds.stream().count();
    }

    @Test
    void rapperParsesTurtleAndRdfXml() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String doc : List.of("/data/kaggle", "/data/google", "/data/ev-test-02", "/ontology", "/void")) {
            cases.add(new String[] { doc + ".ttl", "turtle" });
            cases.add(new String[] { doc + ".rdf", "rdfxml" });
        }
        cases.add(new String[] { "/dumps/aihegemony.ttl", "turtle" });
        int i = 0;
        for (String[] c : cases) {
            Path f = download(c[0], "rapper-" + (i++));
            Run r = run(List.of("rapper", "-i", c[1], "-c", f.toString(), "http://base.invalid/"));
            assertEquals(0, r.code(), "rapper parses " + c[0] + ":\n" + r.out());
            assertTrue(!r.out().contains("rapper: Error") && !r.out().contains("Warning"), "no errors or warnings for " + c[0] + ":\n" + r.out());
            Matcher m = Pattern.compile("returned (\\d+) triples").matcher(r.out());
            assertTrue(m.find(), "rapper reports a count for " + c[0] + ": " + r.out());
            long jena = jenaQuads(f, c[1].equals("turtle") ? Lang.TURTLE : Lang.RDFXML);
            assertEquals(jena, Long.parseLong(m.group(1)), "rapper and Jena count the same triples in " + c[0]);
        }
    }

    @Test
    void rdflibParsesJsonLdAndTrig() throws Exception {
        String script = """
                import sys, rdflib
                path, fmt = sys.argv[1], sys.argv[2]
                if fmt == "trig":
                    g = rdflib.ConjunctiveGraph()
                    g.parse(path, format="trig")
                    print(sum(len(c) for c in g.contexts()))
                else:
                    g = rdflib.Graph()
                    g.parse(path, format="json-ld")
                    print(len(g))
                """;
        Path py = tmp.resolve("count.py");
        Files.writeString(py, script);
        List<String[]> cases = new ArrayList<>();
        for (String doc : List.of("/data/kaggle", "/data/google", "/data/ev-test-02", "/ontology", "/void"))
            cases.add(new String[] { doc + ".jsonld", "json-ld" });
        for (String doc : List.of("/data/kaggle.trig", "/data/google.trig", "/data/ev-test-02.trig", "/dumps/aihegemony.trig"))
            cases.add(new String[] { doc, "trig" });
        int i = 0;
        for (String[] c : cases) {
            Path f = download(c[0], "rdflib-" + (i++));
            Run r = run(List.of(PYTHON, py.toString(), f.toString(), c[1]));
            assertEquals(0, r.code(), "rdflib parses " + c[0] + ":\n" + r.out());
            String[] lines = r.out().strip().split("\n");
            long jena = jenaQuads(f, c[1].equals("trig") ? Lang.TRIG : Lang.JSONLD);
            assertEquals(Long.toString(jena), lines[lines.length - 1].strip(), "rdflib and Jena count the same statements in " + c[0]
                    + " (rdflib said: " + r.out() + ")");
        }
    }
}
