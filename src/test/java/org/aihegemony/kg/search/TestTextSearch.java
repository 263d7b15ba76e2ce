package org.aihegemony.kg.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.aihegemony.kg.store.TextIndexes;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Relevance of the full-text search over the repository's own graph, with real Korean and English queries. */
class TestTextSearch {
    static final String ID = "https://w3id.org/aihegemony/id/";
    @TempDir static Path tmp;
    static KgStore store;
    static TextSearch search;

    @BeforeAll
    static void build() {
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(Fixtures.repository()), false);
        store = KgStore.open(r.store(), Duration.ofSeconds(10));
        search = new TextSearch(store.dataset().asDatasetGraph(), store.textIndex().orElseThrow());
    }

    @AfterAll
    static void close() {
        if (search != null) search.close();
        if (store != null) store.close();
    }

    private static List<String> top(String q, int n) {
        return search.search(q, 0, n).hits().stream().map(TextSearch.Hit::iri).toList();
    }

    @Test
    void theIndexIsPartOfTheBuiltStore() {
        assertTrue(TextIndexes.exists(store.info().dir()), "the store folder holds a complete text index");
        assertTrue(Files.isDirectory(store.info().dir().resolve(TextIndexes.DIR)), "text/ inside " + store.info().dir());
        assertTrue(store.info().count("text") > 1000, "documents indexed: " + store.info().counts());
    }

    @Test
    void koreanLawNamePutsTheLawFirst() {
        List<String> hits = top("사이버보안법", 5);
        assertEquals(ID + "cybersecurity-law", hits.get(0), "사이버보안법: " + hits);
    }

    @Test
    void englishLawNamePutsTheLawFirst() {
        List<String> hits = top("Cybersecurity Law", 5);
        assertEquals(ID + "cybersecurity-law", hits.get(0), "Cybersecurity Law: " + hits);
    }

    @Test
    void compoundWithSpacesFindsTheConcept() {
        List<String> hits = top("데이터 주권", 5);
        assertEquals(ID + "data-sovereignty", hits.get(0), "데이터 주권: " + hits);
    }

    @Test
    void loanwordFindsKaggleThroughItsDescription() {
        List<String> hits = top("크라우드소싱", 10);
        assertTrue(hits.contains(ID + "kaggle"), "크라우드소싱 finds Kaggle: " + hits);
    }

    @Test
    void englishNameIsFirst() {
        List<String> hits = top("Kaggle", 5);
        assertEquals(ID + "kaggle", hits.get(0), "Kaggle: " + hits);
    }

    @Test
    void snippetMarksTheMatch() {
        TextSearch.Hit hit = search.search("크라우드소싱", 0, 10).hits().stream()
                .filter(h -> h.iri().equals(ID + "kaggle")).findFirst().orElseThrow();
        assertFalse(hit.marks().isEmpty(), "a match is marked in " + hit.snippet());
        int[] m = hit.marks().get(0);
        assertEquals("크라우드소싱", hit.snippet().substring(m[0], m[1]), "marked in " + hit.snippet());
    }

    @Test
    void sparqlTextQueryFindsDataSovereignty() {
        String q = """
                PREFIX text: <http://jena.apache.org/text#>
                SELECT ?s ?score WHERE { (?s ?score) text:query "데이터 주권" } ORDER BY DESC(?score)""";
        List<String> found = Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(q).build()) {
                ResultSet rs = qe.execSelect();
                List<String> l = new java.util.ArrayList<>();
                while (rs.hasNext()) { QuerySolution s = rs.next(); l.add(s.getResource("s").getURI()); }
                return l;
            }
        });
        assertEquals(ID + "data-sovereignty", found.get(0), "text:query \"데이터 주권\": " + found);
    }

    @Test
    void sparqlTextQueryWithLanguageUsesNori() {
        String q = """
                PREFIX text: <http://jena.apache.org/text#>
                PREFIX aih: <https://w3id.org/aihegemony/ontology#>
                SELECT DISTINCT ?s WHERE { ?s text:query (aih:quote "사이버보안법" "lang:ko") }""";
        int n = Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(q).build()) {
                int c = 0;
                ResultSet rs = qe.execSelect();
                while (rs.hasNext()) { rs.next(); c++; }
                return c;
            }
        });
        assertTrue(n >= 2, "evidence quoting 사이버보안법 (<사이버보안법>을, 사이버안보법을): " + n);
    }
}
