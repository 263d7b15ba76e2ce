package org.aihegemony.kg.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.QueryRunner;
import org.aihegemony.kg.query.ResultFormat;
import org.aihegemony.kg.query.SavedQueries;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per competency question: the saved query runs against a store freshly built from the
 * repository's sources and its answer holds every expected row of {@code queries/cq-expected.tsv},
 * which transcribes {@code competency-questions.md} (CQ01-CQ20) and the questions added with issue 12
 * (CQ21-CQ32, stated in their queries' descriptions): {@code cqNN <TAB> query file <TAB> key|key|...},
 * one line per expected answer row; a row matches when one result row contains every key. Queries run
 * as the saved-query API runs them without parameters (defaults applied).
 */
class TestCompetencyQuestions {
    static final int QUESTIONS = 32;

    @TempDir
    static Path tmp;
    static SourceSet sources;
    static KgStore store;
    static final Map<String, List<String>> answers = new LinkedHashMap<>();

    record Expected(String cq, String query, List<String> keys) { }

    @BeforeAll
    static void build() {
        sources = SourceSet.fromDirectory(Fixtures.repository());
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(sources, false);
        store = KgStore.open(r.store(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void close() {
        if (store != null)
            store.close();
    }

    static List<Expected> expected() throws Exception {
        List<Expected> out = new ArrayList<>();
        Path tsv = Fixtures.repository().resolve("queries/cq-expected.tsv");
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#"))
                continue;
            String[] f = line.split("\t");
            assertEquals(3, f.length, "cq-expected.tsv line has 3 tab-separated fields: " + line);
            out.add(new Expected(f[0].trim(), f[1].trim(), List.of(f[2].split("\\|"))));
        }
        return out;
    }

    /** The answer of a saved query as rows of text (TSV lines, values as written by Jena). */
    static List<String> answer(String queryFile) {
        return answers.computeIfAbsent(queryFile, f -> {
            String name = f.replaceFirst("\\.rq$", "");
            // As the API and the command line run it: parameters unbound, defaults applied.
            var q = QueryCatalog.compileOne(SavedQueries.from(sources).get(name)).bind(Map.of());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            QueryRunner.run(store.dataset(), q, ResultFormat.TSV, out, 30_000);
            List<String> rows = new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
            rows.remove(0);
            return rows;
        });
    }

    static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replace("\\\"", "\"");
    }

    @TestFactory
    Stream<DynamicTest> everyCompetencyQuestionIsAnswered() throws Exception {
        Map<String, List<Expected>> byCq = new LinkedHashMap<>();
        for (Expected e : expected())
            byCq.computeIfAbsent(e.cq(), k -> new ArrayList<>()).add(e);
        TreeSet<String> want = new TreeSet<>();
        for (int i = 1; i <= QUESTIONS; i++)
            want.add(String.format("cq%02d", i));
        assertEquals(want, new TreeSet<>(byCq.keySet()), "cq-expected.tsv covers every competency question");
        return byCq.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey().toUpperCase(Locale.ROOT), () -> {
            for (Expected e : entry.getValue()) {
                List<String> rows = answer(e.query());
                assertFalse(rows.isEmpty(), e.cq() + ": " + e.query() + " returns rows");
                boolean found = rows.stream().anyMatch(row -> e.keys().stream().allMatch(k -> norm(row).contains(norm(k))));
                assertTrue(found, e.cq() + ": " + e.query() + " has a row with " + e.keys() + "; rows:\n  "
                        + String.join("\n  ", rows));
            }
        }));
    }

    /**
     * The README's figures table ({@code | figure | count | `variable` |}) holds the numbers that
     * {@code queries/kg-figures.rq} finds in a store built from the repository, so it cannot go stale.
     */
    @Test
    void readmeFiguresMatchTheBuiltStore() throws Exception {
        var q = QueryCatalog.compileOne(SavedQueries.from(sources).get("kg-figures")).bind(Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryRunner.run(store.dataset(), q, ResultFormat.TSV, out, 30_000);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        String[] vars = lines[0].split("\t");
        String[] values = lines[1].split("\t");
        Map<String, String> built = new LinkedHashMap<>();
        for (int i = 0; i < vars.length; i++)
            built.put(vars[i].replace("?", ""), values[i].replaceAll("\"|\\^\\^.*", ""));
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\|[^|]+\\| ([0-9,]+) \\| `(\\w+)` \\|$");
        Map<String, String> readme = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Fixtures.repository().resolve("README.md"), StandardCharsets.UTF_8)) {
            var m = row.matcher(line);
            if (m.matches())
                readme.put(m.group(2), m.group(1).replace(",", ""));
        }
        assertEquals(built.keySet(), readme.keySet(), "the README's figures table has one row per figure of kg-figures.rq");
        for (var e : built.entrySet())
            assertEquals(e.getValue(), readme.get(e.getKey()), "README figure `" + e.getKey() + "` equals the built store's");
    }

    @Test
    void provenanceQueryGivesQuoteAndSectionForEveryStatement() {
        List<String> rows = answer("statement-provenance.rq");
        assertFalse(rows.isEmpty(), "the provenance query returns statements");
        for (String row : rows)
            assertTrue(row.contains("@ko"), "each statement comes with its Korean evidence: " + row);
    }
}
