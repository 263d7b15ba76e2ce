package org.aihegemony.kg.content;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.store.BuildListener;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.aihegemony.kg.store.ValidationException;
import org.aihegemony.kg.store.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-time checks that keep the ontology's promises fail the build when a change breaks one: each
 * test runs the repository's ontology and {@code queries/checks} over a small clean data set (which they
 * accept) plus one defect, and expects the check for that promise to report it.
 */
class TestOntologyChecks {
    static final String PREFIXES = """
        @prefix aih:  <https://w3id.org/aihegemony/ontology#> .
        @prefix aihr: <https://w3id.org/aihegemony/id/> .
        @prefix owl:  <http://www.w3.org/2002/07/owl#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        """;

    static final String CLEAN_DATA = PREFIXES + """
        aihr:article a aih:Article ; rdfs:label "시험 글"@ko , "Test article"@en .
        aihr:section-x a aih:Section ; rdfs:label "시험 절"@ko , "Test section"@en .
        aihr:ev-x-01 a aih:Evidence ; rdfs:label "근거 x-01"@ko , "Evidence x-01"@en ;
            aih:quote "시험 문장"@ko ; aih:section aihr:section-x .
        aihr:jane a aih:Person ; rdfs:label "제인"@ko , "Jane"@en .
        aihr:acme a aih:Company ; rdfs:label "애크미"@ko , "Acme"@en .
        aihr:ev-x-01 { aihr:jane aih:operatesIn aihr:acme-land . aihr:acme aih:focus "robots"@en . }
        aihr:acme-land a aih:Country ; rdfs:label "애크미 나라"@ko , "Acme Land"@en .
        """;

    static final String TERM = """
        rdfs:isDefinedBy <https://w3id.org/aihegemony/ontology> .
        """;

    @TempDir
    Path tmp;

    /** The repository's ontology (without shapes) and checks, and the clean data set, in a fresh folder. */
    Path sources() throws IOException {
        Path dir = tmp.resolve("sources");
        Files.createDirectories(dir.resolve("ontology"));
        Files.copy(Fixtures.repository().resolve("ontology/aihegemony.ttl"), dir.resolve("ontology/aihegemony.ttl"));
        Fixtures.copyTree(Fixtures.repository().resolve("queries/checks"), dir.resolve("queries/checks"));
        write(dir, "rdf/clean.trig", CLEAN_DATA);
        return dir;
    }

    static void write(Path dir, String rel, String text) throws IOException {
        Files.createDirectories(dir.resolve(rel).getParent());
        Files.writeString(dir.resolve(rel), text, StandardCharsets.UTF_8);
    }

    static List<Violation> violations(Path dir) {
        try {
            return StoreBuilder.validate(SourceSet.fromDirectory(dir), BuildListener.NONE);
        } catch (ValidationException e) {
            return e.violations();
        }
    }

    static void assertReported(Path dir, String check, String focus) {
        List<Violation> found = violations(dir);
        assertTrue(found.stream().anyMatch(v -> v.blocking() && v.source().equals("queries/checks/" + check)
                && v.focus().contains(focus)), check + " reports " + focus + "; found: " + found);
    }

    @Test
    void cleanDataPassesEveryCheck() throws IOException {
        List<Violation> found = violations(sources());
        assertFalse(found.stream().anyMatch(Violation::blocking), "the clean fixture passes every check: " + found);
    }

    @Test
    void personGivenATechnologysPropertyGetsAWrongTypeAndADisjointClass() throws IOException {
        Path dir = sources();
        write(dir, "rdf/wrong-type.trig", PREFIXES + "aihr:ev-x-01 { aihr:jane aih:openSource true . }\n");
        assertReported(dir, "entailed-type-violation.rq", "jane");
        assertReported(dir, "disjoint-class-violation.rq", "jane");
    }

    @Test
    void propertyWithoutDomainOrNoteFails() throws IOException {
        Path dir = sources();
        write(dir, "ontology/extra.ttl", PREFIXES + """
            aih:badProperty a owl:ObjectProperty ; rdfs:label "나쁜 속성"@ko , "bad property"@en ;
                skos:definition "A property without a domain."@en , "정의역 없는 속성."@ko ;
                rdfs:range aih:Actor ;
            """ + TERM);
        assertReported(dir, "property-domain-range-violation.rq", "badProperty");
    }

    @Test
    void termWithoutKoreanDefinitionFails() throws IOException {
        Path dir = sources();
        write(dir, "ontology/extra.ttl", PREFIXES + """
            aih:Gadget a owl:Class ; rdfs:label "가젯"@ko , "Gadget"@en ; skos:definition "A gadget."@en ;
            """ + TERM);
        assertReported(dir, "term-definition-violation.rq", "Gadget");
    }

    @Test
    void labelSharedWithAnotherTermFails() throws IOException {
        Path dir = sources();
        write(dir, "ontology/extra.ttl", PREFIXES + """
            aih:Human a owl:Class ; rdfs:label "인간"@ko , "person"@en ;
                skos:definition "A human."@en , "인간."@ko ;
            """ + TERM);
        assertReported(dir, "term-label-violation.rq", "Human");
    }

    @Test
    void descriptionAsEnglishLabelFails() throws IOException {
        Path dir = sources();
        write(dir, "rdf/long-label.trig", PREFIXES + """
            aihr:robot-x a aih:Robot ; rdfs:label "로봇"@ko ,
                "A robot that the label describes at length instead of naming it"@en .
            """);
        assertReported(dir, "entity-label-violation.rq", "robot-x");
    }

    @Test
    void anEditedCheckWithACompiledTwinStillRunsAsItsQuery() throws IOException {
        Path dir = sources();
        // A user's edit: the English long-label limit lowered from 60 to 10 characters. The check's text is no
        // longer the one its compiled twin was written from, so the build runs the edited query.
        Path check = dir.resolve("queries/checks/entity-label-violation.rq");
        Files.writeString(check, Files.readString(check, StandardCharsets.UTF_8).replace("> 60)", "> 10)"), StandardCharsets.UTF_8);
        write(dir, "rdf/medium-label.trig", PREFIXES + """
            aihr:robot-y a aih:Robot ; rdfs:label "로봇 y"@ko , "A medium robot label"@en .
            """);
        assertReported(dir, "entity-label-violation.rq", "robot-y");
    }

    @Test
    void policyWithoutTopicFails() throws IOException {
        Path dir = sources();
        write(dir, "rdf/policy.trig", PREFIXES + """
            aihr:plan-x a aih:PolicyDocument ; rdfs:label "계획 x"@ko , "Plan X"@en .
            """);
        assertReported(dir, "topic-coverage-violation.rq", "plan-x");
    }
}
