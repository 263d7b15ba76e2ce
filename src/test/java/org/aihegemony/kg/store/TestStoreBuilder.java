package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.Fixtures;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestStoreBuilder {
    static final String PREFIXES = "PREFIX aih: <https://w3id.org/aihegemony/ontology#>\n"
            + "PREFIX aihr: <https://w3id.org/aihegemony/id/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";

    @TempDir
    Path tmp;

    private static boolean ask(KgStore store, String where) {
        return Txn.calculateRead(store.dataset(), () -> {
            try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(PREFIXES + "ASK { " + where + " }").build()) {
                return qe.execAsk();
            }
        });
    }

    @Test
    void buildsUnionDefaultGraphWithEntailments() {
        Path sources = Fixtures.basicSources(tmp);
        StoreBuilder.Result r = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false);
        assertTrue(r.rebuilt(), "a first build must build");
        assertTrue(r.store().count("inferred") > 0, "entailments must be materialised");
        try (KgStore store = KgStore.open(r.store(), Duration.ofSeconds(5))) {
            assertTrue(ask(store, "aihr:google a aih:Actor"), "sub-class entailment: a company is an actor");
            assertTrue(ask(store, "GRAPH <https://w3id.org/aihegemony/graph/inferred> { aihr:google a aih:Organization }"),
                    "entailments live in the inferred graph");
            assertFalse(ask(store, "GRAPH <https://w3id.org/aihegemony/graph/data> { aihr:google a aih:Actor }"),
                    "entailments are not mixed into the data graph");
            assertTrue(ask(store, "aihr:kaggle aih:acquiredBy aihr:google"), "inverse entailment");
            assertTrue(ask(store, "aihr:anthony-goldbloom aih:relatedTo aihr:kaggle"), "sub-property then symmetric entailment");
            assertTrue(ask(store, "aihr:kaggle a aih:Platform"), "range entailment");
            assertTrue(ask(store, "GRAPH aihr:ev-test-01 { aihr:google aih:acquired aihr:kaggle }"),
                    "a TriG named graph keeps its name");
            assertTrue(ask(store, "GRAPH <https://w3id.org/aihegemony/graph/ontology> { aih:Company a ?t }"),
                    "the ontology has a graph of its own");
            assertFalse(ask(store, "aih:Company rdfs:subClassOf aih:Company"), "no reflexive sub-class triples");
        }
    }

    @Test
    void unchangedSourcesDoNotRebuildChangedOnesDo() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        StoreBuilder builder = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD);
        StoreBuilder.Result first = builder.build(SourceSet.fromDirectory(sources), false);
        StoreBuilder.Result second = builder.build(SourceSet.fromDirectory(sources), false);
        assertFalse(second.rebuilt(), "unchanged sources must not rebuild");
        assertEquals(first.store().dir(), second.store().dir(), "the same store stays current");

        Path data = sources.resolve("rdf/data.trig");
        Files.writeString(data, Files.readString(data) + "\naihr:google rdfs:comment \"changed\"@en .\n");
        StoreBuilder.Result third = builder.build(SourceSet.fromDirectory(sources), false);
        assertTrue(third.rebuilt(), "changed sources must rebuild");
        assertNotEquals(first.store().dir(), third.store().dir(), "a rebuild goes into a new folder");
        assertNotEquals(first.store().contentHash(), third.store().contentHash(), "the hash follows the content");

        StoreBuilder.Result forced = builder.build(SourceSet.fromDirectory(sources), true);
        assertTrue(forced.rebuilt(), "--force rebuilds");
    }

    @Test
    void syntaxErrorNamesFileLineAndColumnAndKeepsLastGoodStore() {
        Path sources = Fixtures.basicSources(tmp);
        StoreBuilder builder = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD);
        StoreInfo good = builder.build(SourceSet.fromDirectory(sources), false).store();

        Fixtures.addFailure(sources, "undefined-prefix.ttl", "rdf");
        SourceLoader.SourceException e = assertThrows(SourceLoader.SourceException.class,
                () -> builder.build(SourceSet.fromDirectory(sources), false));
        assertEquals(ErrorCode.SOURCE_SYNTAX, e.code(), "syntax errors have their own code");
        SourceError err = e.errors().get(0);
        assertEquals("rdf/undefined-prefix.ttl", err.path(), "the error names the file");
        assertEquals(5, err.line(), "the error names the line: " + err);
        assertTrue(err.column() > 0, "the error names the column: " + err);
        assertTrue(e.getMessage().startsWith("rdf/undefined-prefix.ttl:5:"), "message starts file:line: " + e.getMessage());
        assertEquals(good.dir(), StoreBuilder.current(tmp.resolve("store")).orElseThrow().dir(),
                "the last good store stays current");
        try (var dirs = Files.list(tmp.resolve("store"))) {
            assertEquals(1, dirs.filter(p -> p.getFileName().toString().startsWith("db-")).count(),
                    "a failed build leaves no half-built store behind");
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void shaclViolationFailsTheBuild() {
        Path sources = Fixtures.basicSources(tmp);
        StoreBuilder builder = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD);
        StoreInfo good = builder.build(SourceSet.fromDirectory(sources), false).store();
        Fixtures.addFailure(sources, "missing-korean-label.ttl", "rdf");
        ValidationException e = assertThrows(ValidationException.class,
                () -> builder.build(SourceSet.fromDirectory(sources), false));
        assertEquals(ErrorCode.VALIDATION, e.code(), "validation failures have their own code");
        assertTrue(e.violations().stream().anyMatch(v -> v.focus().contains("baidu") && v.message().contains("Korean and English")),
                "the violation names the resource and the shape's message: " + e.violations());
        assertEquals(good.dir(), StoreBuilder.current(tmp.resolve("store")).orElseThrow().dir(),
                "the last good store stays current");
    }

    @Test
    void violationQueryFailsTheBuild() {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, "unlabelled-resource.ttl", "rdf");
        ValidationException e = assertThrows(ValidationException.class,
                () -> StoreBuilder.validate(SourceSet.fromDirectory(sources), null));
        assertTrue(e.violations().stream().anyMatch(v -> v.source().equals("queries/checks/missing-label-violation.rq")
                        && v.focus().contains("mystery") && v.message().equals("has no English label")),
                "the check's row is reported with its file, focus and message: " + e.violations());
    }

    @Test
    void reservedGraphNamesAreRefused() {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, "reserved-graph.trig", "rdf");
        SourceLoader.SourceException e = assertThrows(SourceLoader.SourceException.class,
                () -> StoreBuilder.validate(SourceSet.fromDirectory(sources), null));
        assertTrue(e.getMessage().contains("rdf/reserved-graph.trig") && e.getMessage().contains("reserved"),
                "names the file and the reason: " + e.getMessage());
    }

    @Test
    void missingSourcesFolderIsAClearError() {
        var e = assertThrows(org.aihegemony.kg.KgException.class, () -> SourceSet.fromDirectory(tmp.resolve("nope")));
        assertEquals(ErrorCode.SOURCES, e.code(), "missing sources have their own code");
        assertTrue(e.getMessage().contains("nope"), "the message names the folder: " + e.getMessage());
    }
}
