package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.aihegemony.kg.Fixtures;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sparql.resultset.ResultSetCompare;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory copy's GROUP BY ({@link GroupingExecutor}) answers exactly as Jena's own: every query of
 * the repository and a set of edge cases, run on the article's store by both executors. LIMIT and OFFSET
 * are dropped before comparing, since rows tied under ORDER BY may come in another order.
 */
class TestGroupingExecutor {
    @TempDir
    static Path tmp;
    static KgStore store;
    static Dataset jena;
    static Dataset ours;

    @BeforeAll
    static void build() {
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null)
                .build(SourceSet.fromDirectory(Fixtures.repository()), false);
        store = KgStore.openReadOnly(r.store(), Duration.ofSeconds(60));
        // Both copies get the served dataset's settings (text index included); only one groups with ours.
        jena = DatasetFactory.wrap(MemoryCopy.of(store.dataset().asDatasetGraph()));
        jena.getContext().putAll(store.dataset().getContext());
        jena.getContext().remove(org.apache.jena.sparql.ARQConstants.sysOpExecutorFactory);
        ours = DatasetFactory.wrap(MemoryCopy.of(store.dataset().asDatasetGraph()));
        ours.getContext().putAll(store.dataset().getContext());
        QC.setFactory(ours.getContext(), GroupingExecutor.FACTORY);
    }

    @AfterAll
    static void close() {
        if (store != null)
            store.close();
    }

    static final String P = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            + "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ";

    /** Edge cases of GROUP BY and the aggregates, each a fixture of its own. */
    static final List<String> CASES = List.of(
            "SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l ORDER BY DESC(?n)",
            // no input rows: with GROUP BY no group, without it one row of empty values
            "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <urn:x-none> ?o } GROUP BY ?s",
            "SELECT (COUNT(?o) AS ?n) (SUM(?o) AS ?sum) (GROUP_CONCAT(?o) AS ?c) WHERE { ?s <urn:x-none> ?o }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:x-none> ?o }",
            // COUNT of a variable that is sometimes unbound, and COUNT(*) beside it
            "SELECT ?t (COUNT(?c) AS ?n) (COUNT(*) AS ?all) WHERE { ?s a ?t OPTIONAL { ?s rdfs:comment ?c } } GROUP BY ?t",
            // a group variable that is sometimes unbound
            "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?t OPTIONAL { ?s rdfs:comment ?c } } GROUP BY ?c",
            // no aggregates: the distinct keys
            "SELECT ?t WHERE { ?s a ?t } GROUP BY ?t",
            "SELECT ?p WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(*) > 10)",
            // group by an expression, and aggregates other than COUNT(?v)
            "SELECT ?lang (COUNT(DISTINCT ?s) AS ?n) (SAMPLE(?l) AS ?one) (MIN(?l) AS ?min) (MAX(STRLEN(?l)) AS ?long) "
                    + "WHERE { ?s rdfs:label ?l } GROUP BY (LANG(?l) AS ?lang)",
            "SELECT (COUNT(?l) AS ?n) WHERE { ?s rdfs:label ?l } GROUP BY (LANG(?l)) (STRLEN(?l) > 10)",
            "SELECT ?t (AVG(STRLEN(?l)) AS ?avg) (SUM(1) AS ?sum) (GROUP_CONCAT(DISTINCT LANG(?l); SEPARATOR='|') AS ?langs) "
                    + "WHERE { ?s a ?t ; rdfs:label ?l } GROUP BY ?t",
            // COUNT(?v) over an error-raising expression is not the fast path; COUNT(DISTINCT ?v) neither
            "SELECT ?t (COUNT(xsd:integer(?l)) AS ?n) (COUNT(DISTINCT ?l) AS ?d) WHERE { ?s a ?t ; rdfs:label ?l } GROUP BY ?t",
            // one group for all rows
            "SELECT (COUNT(?o) AS ?n) (COUNT(DISTINCT ?p) AS ?ps) WHERE { ?s ?p ?o }",
            // a grouped subquery inside another group
            "SELECT ?n (COUNT(?s) AS ?subjects) WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } } GROUP BY ?n");

    @Test
    void theServedMemoryCopyGroupsWithIt() {
        assertSame(GroupingExecutor.FACTORY, QC.getFactory(store.dataset().getContext()),
                "the store opened for serving (in memory) uses the grouping executor");
    }

    @Test
    void edgeCasesAnswerAsJenaDoes() {
        for (String q : CASES)
            assertSameAnswer("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> " + P + q, q);
    }

    @Test
    void everyRepositoryQueryAnswersAsJenaDoes() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Fixtures.repository().resolve("queries"))) {
            s.filter(p -> p.toString().endsWith(".rq")).sorted().forEach(files::add);
        }
        assertTrue(files.size() > 40, "the repository's queries are found: " + files.size());
        int grouped = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            if (text.toUpperCase().contains("GROUP BY") || text.toUpperCase().contains("COUNT("))
                grouped++;
            assertSameAnswer(text, f.toString());
        }
        assertTrue(grouped >= 15, "queries with groups or aggregates are among them: " + grouped);
    }

    /** ORDER BY with LIMIT over our groups, each a fixture of its own; the rows must come in Jena's order. */
    static final List<String> TOP_CASES = List.of(
            "SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l ORDER BY DESC(?n) LIMIT 20",
            // many ties on the key: broken by the rows' terms, as Jena does
            "SELECT ?s ?n WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } } ORDER BY ?n LIMIT 50",
            // two keys, one descending; a key unbound on some rows; a key that is an error on some rows
            "SELECT ?s ?c ?l WHERE { ?s rdfs:label ?l OPTIONAL { ?s rdfs:comment ?c } } ORDER BY DESC(?c) STRLEN(?l) LIMIT 30",
            "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY xsd:integer(?l) DESC(?s) LIMIT 10",
            // LIMIT 1, LIMIT 0, a LIMIT above the row count, and OFFSET before LIMIT
            "SELECT ?t WHERE { ?s a ?t } ORDER BY DESC(?t) LIMIT 1",
            "SELECT ?t WHERE { ?s a ?t } ORDER BY ?t LIMIT 0",
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 100000",
            "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY LANG(?l) ?l OFFSET 7 LIMIT 25");

    @Test
    void topRowsComeAsJenasInJenasOrder() {
        for (String text : TOP_CASES)
            compare(QueryFactory.create("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> " + P + text), text, true);
    }

    static void assertSameAnswer(String text, String name) {
        Query q = QueryFactory.create(text);
        q.setLimit(Query.NOLIMIT);
        q.setOffset(Query.NOLIMIT);
        if (q.isSelectType())
            compare(q, name, false);
    }

    /** Runs {@code q} with Jena's executor and ours; the same rows, in the same order if {@code ordered}. */
    static void compare(Query q, String name, boolean ordered) {
        ResultSetRewindable expected = run(jena, q);
        ResultSetRewindable actual = run(ours, q);
        assertEquals(expected.size(), actual.size(), "as many rows as Jena's: " + name);
        expected.reset();
        actual.reset();
        if (ordered)
            assertTrue(ResultSetCompare.equalsByTermAndOrder(expected, actual), "the same rows in Jena's order: " + name);
        else
            assertTrue(ResultSetCompare.equalsByTerm(expected, actual), "the same rows as Jena's: " + name);
    }

    static ResultSetRewindable run(Dataset ds, Query q) {
        return Txn.calculateRead(ds, () -> {
            try (QueryExecution qe = QueryExecution.dataset(ds).query(q).build()) {
                return ResultSetFactory.copyResults(qe.execSelect());
            }
        });
    }
}
