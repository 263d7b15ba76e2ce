package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.aihegemony.kg.Fixtures;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distinct-terms plan ({@link DistinctTermScan}) gives exactly Jena's rows: the repository's checks that
 * use it and queries of the same shape, each run on one TDB2 store with the plan and on a second store of
 * the same quads with Jena's own executor, over terms of every kind in every position (inline numbers and
 * dates, blank nodes, IRIs that break the naming rule, graph names used as subjects). Queries of a shape
 * it must not take are answered by Jena, and still the same.
 */
class TestDistinctTermScan {
    static final String DATA = """
            @prefix aih:  <https://w3id.org/aihegemony/ontology#> .
            @prefix aihr: <https://w3id.org/aihegemony/id/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            aihr:ev-1 { aihr:google aih:acquired aihr:kaggle . aihr:kaggle aih:userCount 5000000 .
                        aihr:Bad_Name rdfs:label "bad"@en . aihr:google aih:founded "1998-09-04"^^xsd:date . }
            aihr:ev-2 { aihr:kaggle aih:acquiredBy aihr:google . _:x aih:mentions aihr:ev-1 .
                        aihr:ev-1 rdfs:label "first passage"@en . aihr:orphan aih:partOf aihr:google . }
            <https://w3id.org/aihegemony/graph/data> { aihr:google a aih:Company ; rdfs:label "Google"@en , "구글"@ko .
                        aihr:kaggle a aih:Platform ; rdfs:label "Kaggle"@en . aihr:ev-1 a aih:Evidence . }
            """;

    @TempDir
    Path tmp;
    Dataset withPlan, withoutPlan;

    @BeforeEach
    void stores() {
        withPlan = store("with", true);
        withoutPlan = store("without", false);
        DistinctTermScan.USED.set(0);
    }

    @AfterEach
    void close() {
        TDBInternal.expel(withPlan.asDatasetGraph());
        TDBInternal.expel(withoutPlan.asDatasetGraph());
    }

    private Dataset store(String name, boolean plan) {
        Dataset ds = TDB2Factory.connectDataset(tmp.resolve(name).toString());
        Txn.executeWrite(ds, () -> RDFParser.fromString(DATA, org.apache.jena.riot.Lang.TRIG).parse(ds.asDatasetGraph()));
        KgStore.configure(ds.getContext(), null);
        if (plan)
            QC.setFactory(ds.getContext(), DistinctTermScan.FACTORY);
        return ds;
    }

    /** The query's rows as sorted text lines (blank nodes as one label: the two stores parsed them apart). */
    private static List<String> rows(Dataset ds, String query) {
        return Txn.calculateRead(ds, () -> {
            try (QueryExecution qe = QueryExecution.create(query, ds)) {
                ResultSet rs = qe.execSelect();
                List<String> out = new ArrayList<>();
                rs.forEachRemaining(row -> out.add(row.toString().replaceAll("_:b[0-9]+", "_:blank")));
                out.sort(null);
                return out;
            }
        });
    }

    private void assertSame(String what, String query, boolean planned) {
        long before = DistinctTermScan.USED.get();
        List<String> expected = rows(withoutPlan, query);
        assertEquals(before, DistinctTermScan.USED.get(), what + ": the store without the plan must not use it");
        List<String> actual = rows(withPlan, query);
        assertEquals(expected, actual, what + ": the same rows as Jena's executor");
        assertEquals(planned, DistinctTermScan.USED.get() > before, what + (planned ? ": must use the plan" : ": must not use the plan"));
    }

    @Test
    void repositoryChecksGiveJenasRows() throws Exception {
        for (String check : List.of("missing-label", "resource-naming", "untyped-resource")) {
            String q = Files.readString(Fixtures.repository().resolve("queries/checks/" + check + "-violation.rq"));
            assertSame(check, q, true);
        }
        String naming = Files.readString(Fixtures.repository().resolve("queries/checks/resource-naming-violation.rq"));
        assertTrue(rows(withPlan, naming).toString().contains("Bad_Name"), "the fixture has a naming violation to find");
    }

    @Test
    void eachPositionAloneGivesJenasRows() {
        assertSame("subjects", "SELECT DISTINCT ?x { GRAPH ?g { ?x ?p ?o } }", true);
        assertSame("predicates", "SELECT DISTINCT ?x { GRAPH ?g { ?s ?x ?o } }", true);
        assertSame("objects, inline literals among them", "SELECT DISTINCT ?x { GRAPH ?g { ?s ?p ?x } }", true);
        assertSame("graph names", "SELECT DISTINCT ?x { GRAPH ?x { ?s ?p ?o } }", true);
        assertSame("all four, filtered", "SELECT DISTINCT ?x { { GRAPH ?g { ?x ?p ?o } } UNION { GRAPH ?g { ?s ?x ?o } } "
                + "UNION { GRAPH ?g { ?s ?p ?x } } UNION { GRAPH ?x { ?s ?p ?o } } FILTER (!isBlank(?x)) }", true);
    }

    @Test
    void otherShapesAreLeftToJena() {
        assertSame("a filter on another variable", "SELECT DISTINCT ?x { GRAPH ?g { ?x ?p ?o } FILTER (isIRI(?o)) }", false);
        assertSame("a constant in the pattern", "SELECT DISTINCT ?x { GRAPH ?g { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?o } }", false);
        assertSame("a repeated variable", "SELECT DISTINCT ?x { GRAPH ?g { ?x ?p ?x } }", false);
        assertSame("two variables projected", "SELECT DISTINCT ?x ?g { GRAPH ?g { ?x ?p ?o } }", false);
        assertSame("the default (union) graph", "SELECT DISTINCT ?x { ?x ?p ?o }", false);
    }
}
