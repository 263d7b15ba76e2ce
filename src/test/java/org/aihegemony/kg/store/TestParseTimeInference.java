package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entailments derived while parsing ({@link ParseTimeInference}) against the in-memory reasoner
 * ({@link Inferencer#entailments}), one fixture per case: when the schema is known before the data they are
 * derived while parsing; when it is not (a schema triple among the data, a derived triple that changes the
 * schema, blank nodes in the schema) the build derives over the store instead. Either way the inferred
 * graph is the reasoner's, and entailments the data also assert are not repeated in it.
 */
class TestParseTimeInference {
    static final String PREFIXES = """
            @prefix aih:  <https://w3id.org/aihegemony/ontology#> .
            @prefix aihr: <https://w3id.org/aihegemony/id/> .
            @prefix owl:  <http://www.w3.org/2002/07/owl#> .
            @prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            """;

    @TempDir
    Path tmp;

    /**
     * The basic fixture plus one more ontology file and one more data file; without its checks and shapes
     * (the extra resources are bare: what is tested here is the inferred graph).
     */
    private Path sources(String extraOntology, String extraData) throws IOException {
        Path src = Fixtures.basicSources(tmp);
        StoreBuilder.deleteQuietly(src.resolve("queries/checks"));
        StoreBuilder.deleteQuietly(src.resolve("ontology/shapes"));
        Files.writeString(src.resolve("ontology/extra.ttl"), PREFIXES + extraOntology);
        Files.writeString(src.resolve("rdf/extra.trig"), PREFIXES + extraData);
        return src;
    }

    /** Builds; returns the build's messages. Asserts the inferred graph is the in-memory reasoner's. */
    private List<String> buildAndCompare(Path src) {
        List<String> steps = new ArrayList<>();
        SourceSet sources = SourceSet.fromDirectory(src);
        StoreInfo info = new StoreBuilder(tmp.resolve("store"), steps::add, DatasetDescription.FOR_BUILD).build(sources, true).store();
        DatasetGraph store = TestStoreEquivalence.copy(info.dir());
        Graph expected = Inferencer.entailments(SourceLoader.load(sources));
        Graph actual = store.getGraph(AIH.node(AIH.GRAPH_INFERRED));
        Set<Triple> missing = new HashSet<>(), extra = new HashSet<>();
        expected.find().forEachRemaining(t -> { if (TestStoreEquivalence.ground(t) && !actual.contains(t)) missing.add(t); });
        actual.find().forEachRemaining(t -> { if (TestStoreEquivalence.ground(t) && !expected.contains(t)) extra.add(t); });
        assertEquals(Set.of(), missing, "entailments the store lacks; build said " + steps);
        assertEquals(Set.of(), extra, "entailments the reasoner does not make; build said " + steps);
        assertEquals(expected.size(), actual.size(), "as many inferred triples");
        assertTrue(expected.isIsomorphicWith(actual), "the same entailments, up to blank-node labels");
        return steps;
    }

    private static boolean said(List<String> steps, String text) {
        return steps.stream().anyMatch(s -> s.contains(text));
    }

    @Test
    void schemaInTheOntologyIsDerivedWhileParsing() throws IOException {
        List<String> steps = buildAndCompare(sources("""
                aih:partOf a owl:ObjectProperty , owl:TransitiveProperty ; rdfs:label "부분"@ko , "part of"@en .
                aih:Unit a owl:Class ; owl:equivalentClass aih:Division ; rdfs:label "단위"@ko , "Unit"@en .
                aih:Division a owl:Class ; rdfs:subClassOf aih:Organization ; rdfs:label "부서"@ko , "Division"@en .
                """, """
                aihr:ev-extra-01 { aihr:lab-a aih:partOf aihr:lab-b . aihr:lab-b aih:partOf aihr:lab-c .
                                   aihr:lab-c aih:partOf aihr:lab-d . aihr:lab-a a aih:Unit . }
                aihr:ev-extra-02 { aihr:google a aih:Actor . aihr:kaggle aih:acquiredBy aihr:google . }
                """));
        assertTrue(said(steps, "while parsing"), "the ontology holds the whole schema: derived while parsing; " + steps);
    }

    @Test
    void entailmentAssertedLaterIsNotRepeatedInTheInferredGraph() throws IOException {
        Path src = sources("", """
                aihr:ev-extra-01 { aihr:deepmind aih:acquiredBy aihr:google . }
                aihr:ev-extra-02 { aihr:google aih:acquired aihr:deepmind . aihr:google a aih:Company . }
                """);
        List<String> steps;
        PackedIndexes.RUN = 16;   // the sources' and the entailments' spools sorted in many runs, merged
        try {
            steps = buildAndCompare(src);
        } finally {
            PackedIndexes.RUN = 1 << 20;
        }
        assertTrue(said(steps, "while parsing"), "derived while parsing; " + steps);
        StoreInfo info = StoreBuilder.current(tmp.resolve("store")).orElseThrow();
        DatasetGraph store = TestStoreEquivalence.copy(info.dir());
        Node inferred = AIH.node(AIH.GRAPH_INFERRED);
        Node google = NodeFactory.createURI("https://w3id.org/aihegemony/id/google");
        assertFalse(store.contains(inferred, google, NodeFactory.createURI("https://w3id.org/aihegemony/ontology#acquired"),
                NodeFactory.createURI("https://w3id.org/aihegemony/id/deepmind")), "asserted in ev-extra-02, so not in the inferred graph");
    }

    @Test
    void schemaTripleAmongTheDataInfersOverTheStore() throws IOException {
        List<String> steps = buildAndCompare(sources("", """
                aihr:ev-extra-01 { aih:owns rdfs:subPropertyOf aih:acquired . aihr:google aih:owns aihr:kaggle . }
                """));
        assertTrue(said(steps, "Inferring over the store: a schema triple outside the ontology files"),
                "a schema triple in rdf/ is only known after the data: " + steps);
    }

    @Test
    void derivedSchemaTripleInfersOverTheStore() throws IOException {
        List<String> steps = buildAndCompare(sources("""
                aih:hasDomain rdfs:subPropertyOf rdfs:domain .
                aih:owns a owl:ObjectProperty ; aih:hasDomain aih:Company ; rdfs:label "소유"@ko , "owns"@en .
                """, """
                aihr:ev-extra-01 { aihr:deepmind aih:owns aihr:kaggle . }
                """));
        assertTrue(said(steps, "Inferring over the store: a derived triple changes the schema"),
                "aih:owns rdfs:domain aih:Company is derived: " + steps);
    }

    @Test
    void blankNodesInTheSchemaInferOverTheStore() throws IOException {
        List<String> steps = buildAndCompare(sources("""
                aih:owns a owl:ObjectProperty ; rdfs:range [ a owl:Class ] ; rdfs:label "소유"@ko , "owns"@en .
                """, """
                aihr:ev-extra-01 { aihr:google aih:owns aihr:kaggle . }
                """));
        assertTrue(said(steps, "Inferring over the store: the ontology files' schema holds blank nodes"),
                "a blank node is labelled anew by each parse: " + steps);
    }
}
