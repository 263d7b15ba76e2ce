package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            <https://w3id.org/aihegemony/graph/shapes> { aihr:shape aih:onlyInShapes aihr:kaggle ; a aih:ShapeOnlyClass , aih:Platform . }
            """;

    /** The checks' texts before they read their distinct terms with constants off the indexes (issue 10). */
    static final String UNDECLARED_BEFORE = """
            PREFIX owl:  <http://www.w3.org/2002/07/owl#>
            PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>

            SELECT DISTINCT ?resource ?usage ?message
            WHERE {
              # Distinct terms first (one pass over every quad), then the per-term tests: scales with terms, not quads.
              {
                SELECT DISTINCT ?resource ?usage WHERE {
                  {
                    GRAPH ?g { ?s ?resource ?o }
                    BIND ("predicate" AS ?usage)
                  } UNION {
                    GRAPH ?g { ?s rdf:type ?resource }
                    BIND ("class" AS ?usage)
                  }
                  FILTER (?g != <https://w3id.org/aihegemony/graph/shapes>)
                }
              }
              FILTER (isIRI(?resource))
              FILTER (!STRSTARTS(STR(?resource), "http://www.w3.org/1999/02/22-rdf-syntax-ns#"))
              FILTER (!STRSTARTS(STR(?resource), "http://www.w3.org/2000/01/rdf-schema#"))
              FILTER (!STRSTARTS(STR(?resource), "http://www.w3.org/2002/07/owl#"))
              FILTER (!STRSTARTS(STR(?resource), "http://www.w3.org/2001/XMLSchema#"))
              FILTER (!STRSTARTS(STR(?resource), "http://www.w3.org/ns/shacl#"))
              FILTER NOT EXISTS {
                GRAPH <https://w3id.org/aihegemony/graph/ontology> { ?resource rdf:type ?kind }
                FILTER (?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty, owl:NamedIndividual))
              }
              BIND (CONCAT("Term used as ", ?usage, " but not declared in the ontology: ", STR(?resource)) AS ?message)
            }
            ORDER BY ?resource ?usage
            """;
    static final String EVIDENCE_GRAPH_BEFORE = """
            PREFIX aih:  <https://w3id.org/aihegemony/ontology#>
            PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>

            SELECT ?resource ?message
            WHERE {
              {
                GRAPH <https://w3id.org/aihegemony/graph/data> { ?resource rdf:type aih:Evidence }
                FILTER NOT EXISTS { GRAPH ?resource { ?s ?p ?o } }
                BIND ("Evidence node has no (or an empty) named graph of facts" AS ?message)
              } UNION {
                GRAPH ?resource { ?s ?p ?o }
                FILTER (STRSTARTS(STR(?resource), "https://w3id.org/aihegemony/id/"))
                FILTER NOT EXISTS { GRAPH <https://w3id.org/aihegemony/graph/data> { ?resource rdf:type aih:Evidence } }
                BIND ("Named graph in the aihr: namespace is not described as an aih:Evidence" AS ?message)
              } UNION {
                ?resource aih:quote ?quote .
                FILTER (REGEX(STR(?quote), "^\\\\s|\\\\s$"))
                BIND ("aih:quote starts or ends with white space" AS ?message)
              }
            }
            GROUP BY ?resource ?message
            ORDER BY ?resource
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
        for (String check : List.of("missing-label", "resource-naming", "untyped-resource", "undeclared-term", "evidence-graph")) {
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
        assertSame("classes in use (a constant predicate)", "SELECT DISTINCT ?x { GRAPH ?g { ?s a ?x } }", true);
        assertSame("subjects of one graph (a constant graph)",
                "SELECT DISTINCT ?x { GRAPH <https://w3id.org/aihegemony/graph/data> { ?x ?p ?o } }", true);
        assertSame("objects of one subject's one property (two constants)",
                "SELECT DISTINCT ?x { GRAPH ?g { <https://w3id.org/aihegemony/id/google> <http://www.w3.org/2000/01/rdf-schema#label> ?x } }", true);
        assertSame("a constant the store does not have", "SELECT DISTINCT ?x { GRAPH ?g { ?s <urn:nothing> ?x } }", true);
        assertSame("classes and predicates, filtered", "SELECT DISTINCT ?x { { GRAPH ?g { ?s a ?x } } UNION { GRAPH ?g { ?s ?x ?o } } "
                + "FILTER (isIRI(?x)) }", true);
        assertSame("all four, filtered", "SELECT DISTINCT ?x { { GRAPH ?g { ?x ?p ?o } } UNION { GRAPH ?g { ?s ?x ?o } } "
                + "UNION { GRAPH ?g { ?s ?p ?x } } UNION { GRAPH ?x { ?s ?p ?o } } FILTER (!isBlank(?x)) }", true);
    }

    @Test
    void rewrittenChecksGiveTheRowsOfTheirFormerText() throws Exception {
        for (String[] c : new String[][] { { "undeclared-term", UNDECLARED_BEFORE, "acquiredBy" }, { "evidence-graph", EVIDENCE_GRAPH_BEFORE, "ev-2" } }) {
            String now = Files.readString(Fixtures.repository().resolve("queries/checks/" + c[0] + "-violation.rq"));
            List<String> before = rows(withoutPlan, c[1]);
            assertEquals(before, rows(withPlan, now), c[0] + ": the rows of its former text");
            assertTrue(before.toString().contains(c[2]), c[0] + ": the fixture has a violation to find (" + c[2] + "): " + before);
        }
        assertFalse(rows(withPlan, Files.readString(Fixtures.repository().resolve("queries/checks/undeclared-term-violation.rq")))
                .toString().contains("onlyInShapes"), "a term only the shapes use is not reported");
    }

    @Test
    void otherShapesAreLeftToJena() {
        assertSame("a filter on another variable", "SELECT DISTINCT ?x { GRAPH ?g { ?x ?p ?o } FILTER (isIRI(?o)) }", false);
        assertSame("a constant in the pattern", "SELECT DISTINCT ?x { GRAPH ?g { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?o } }", false);
        assertSame("a constant with no index sorted by it and then ?x",
                "SELECT DISTINCT ?x { GRAPH ?g { ?s ?x <https://w3id.org/aihegemony/id/google> } }", false);
        assertSame("a repeated variable", "SELECT DISTINCT ?x { GRAPH ?g { ?x ?p ?x } }", false);
        assertSame("two variables projected", "SELECT DISTINCT ?x ?g { GRAPH ?g { ?x ?p ?o } }", false);
        assertSame("the default (union) graph", "SELECT DISTINCT ?x { ?x ?p ?o }", false);
    }
}
