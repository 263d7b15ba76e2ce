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

import org.aihegemony.kg.linkeddata.DatasetDescription;
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
 * The in-memory copy's GROUP BY ({@link GroupingExecutor}), its COUNT pushed below a join
 * ({@link EagerCount}) and its ORDER BY … LIMIT ({@link KeyedTopN}) answer exactly as Jena's own: every
 * query of the repository and a set of edge cases, run on the article's store by both executors. For the
 * repository's queries LIMIT and OFFSET are dropped before comparing; the top-rows fixtures keep them and
 * compare the order too (ties are broken by the rows' terms, so the order is total).
 */
class TestGroupingExecutor {
    @TempDir
    static Path tmp;
    static KgStore store;
    static Dataset jena;
    static Dataset ours;

    @BeforeAll
    static void build() {
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD)
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
            // BIND of plain variables: copied terms, an unbound source, a chain (let*), a typed literal
            "SELECT ?s ?a ?b ?z WHERE { ?s rdfs:label ?l BIND (?l AS ?a) BIND (?nothing AS ?z) BIND (?a AS ?b) }",
            "SELECT ?s (?n AS ?m) WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } } ORDER BY ?m ?s",
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
            "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY LANG(?l) ?l OFFSET 7 LIMIT 25",
            // ties on the key among rows of other variables (some unbound), and DISTINCT under the top rows
            "SELECT ?s ?c ?n WHERE { ?s rdfs:label ?l OPTIONAL { ?s rdfs:comment ?c } BIND (STRLEN(?l) AS ?n) } ORDER BY ?n LIMIT 40",
            "SELECT DISTINCT ?t WHERE { ?s a ?t } ORDER BY DESC(STR(?t)) LIMIT 7");

    @Test
    void topRowsComeAsJenasInJenasOrder() {
        for (String text : TOP_CASES)
            compare(QueryFactory.create("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> " + P + text), text, true);
    }

    /** Groups whose COUNT is pushed below the join ({@link EagerCount}), each a fixture of its own. */
    static final List<String> EAGER_CASES = List.of(
            "SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l ORDER BY DESC(?n) LIMIT 20",
            // the grouped pattern second, the keys in another order, COUNT(*)
            "SELECT ?l ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s rdfs:label ?l } GROUP BY ?l ?s",
            // shared in the object position: links into each typed resource (no link, no group)
            "SELECT ?o ?t (COUNT(?s) AS ?n) WHERE { ?o a ?t . ?s ?p ?o } GROUP BY ?o ?t",
            // COUNT of a variable in neither pattern (0) beside COUNT(*) and COUNT of a key
            "SELECT ?s ?t (COUNT(?nowhere) AS ?none) (COUNT(*) AS ?all) (COUNT(?s) AS ?keys) WHERE { ?s a ?t . ?s rdfs:label ?l } GROUP BY ?s ?t",
            // no shared variable: every group counts the whole second pattern
            "SELECT ?t (COUNT(*) AS ?n) WHERE { <https://w3id.org/aihegemony/id/kaggle> a ?t . ?x rdfs:comment ?c } GROUP BY ?t",
            // a constant in the counted pattern, HAVING, ORDER BY on the count with ties
            "SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s a ?o } GROUP BY ?s ?l HAVING (COUNT(?o) > 1) ORDER BY ?n",
            // no match for the grouped pattern: no groups
            "SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s <urn:x-none> ?l . ?s ?p ?o } GROUP BY ?s ?l");

    /** Groups this path must leave to the general one (other aggregates, keys, patterns), same answers. */
    static final List<String> NOT_EAGER_CASES = List.of(
            "SELECT ?s ?l (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l",
            "SELECT ?s ?l (SUM(1) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l",
            "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s",
            "SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o . ?o a ?t } GROUP BY ?s ?l",
            "SELECT ?s ?l (COUNT(?p) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?s } GROUP BY ?s ?l",
            "SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s (STR(?l) AS ?l)",
            // the group under LATERAL runs once per outer row, with that row's bindings
            "SELECT ?s ?n WHERE { ?s a <https://w3id.org/aihegemony/ontology#Company> "
                    + "LATERAL { SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l } }");

    @Test
    void countsPushedBelowTheJoinAnswerAsJenaDoes() {
        for (String text : EAGER_CASES) {
            long before = EagerCount.USED.get();
            Query q = QueryFactory.create(P + text);
            compare(q, text, q.hasOrderBy());
            assertEquals(before + 1, EagerCount.USED.get(), "the count is pushed below the join: " + text);
        }
    }

    @Test
    void groupsOfOtherShapesAreLeftToTheGeneralPath() {
        for (String text : NOT_EAGER_CASES) {
            long before = EagerCount.USED.get();
            compare(QueryFactory.create(P + text), text, false);
            assertEquals(before, EagerCount.USED.get(), "the general grouping runs: " + text);
        }
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
            assertEquals(rows(expected), rows(actual), "the same rows as Jena's: " + name);
    }

    /**
     * The rows as sorted text, each its variables by name with their terms: both copies come from one
     * store, so equal rows print alike (blank nodes included). Not ResultSetCompare.equalsByTerm, whose
     * search for a blank-node mapping backtracks without end on thousands of similar rows.
     */
    static List<String> rows(ResultSetRewindable rs) {
        rs.reset();
        List<String> out = new ArrayList<>();
        while (rs.hasNext()) {
            org.apache.jena.sparql.engine.binding.Binding b = rs.nextBinding();
            List<String> cells = new ArrayList<>();
            b.vars().forEachRemaining(v -> cells.add(v.getName() + "=" + b.get(v)));
            java.util.Collections.sort(cells);
            out.add(String.join(" ", cells));
        }
        java.util.Collections.sort(out);
        return out;
    }

    static ResultSetRewindable run(Dataset ds, Query q) {
        return Txn.calculateRead(ds, () -> {
            try (QueryExecution qe = QueryExecution.dataset(ds).query(q).build()) {
                return ResultSetFactory.copyResults(qe.execSelect());
            }
        });
    }
}
