package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.KgException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8, build faults: nothing half-done is left, every failure has a KG code, one build at a time. */
class TestBuildFaults {
    @TempDir
    Path tmp;

    private List<String> folders(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StoreInfo goodStore(Path sources, Path root) {
        return new StoreBuilder(root, null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false).store();
    }

    private void assertLastGoodStoreStays(Path root, StoreInfo good) {
        assertEquals(good.dir(), StoreBuilder.current(root).orElseThrow().dir(), "the last good store stays current");
        assertEquals(List.of(good.dir().getFileName().toString()), folders(root),
                "no partial folder is left beside the last good store");
        try (KgStore store = KgStore.open(good, Duration.ofSeconds(5))) {
            boolean ok = Txn.calculateRead(store.dataset(), () -> {
                try (QueryExecution qe = QueryExecution.dataset(store.dataset())
                        .query("ASK { <https://w3id.org/aihegemony/id/google> ?p ?o }").build()) {
                    return qe.execAsk();
                }
            });
            assertTrue(ok, "the last good store still answers");
        }
    }

    @Test
    void anyThrowableRemovesThePartialFolderAndHasACode() {
        Path sources = Fixtures.basicSources(tmp);
        Path root = tmp.resolve("store");
        StoreInfo good = goodStore(sources, root);
        KgException e = assertThrows(KgException.class, () -> new StoreBuilder(root, null, DatasetDescription.FOR_BUILD)
                .afterWrite((dsg, dir) -> { throw new InternalError("a fault occurred in an unsafe memory access operation"); })
                .build(SourceSet.fromDirectory(sources), true));
        assertEquals(ErrorCode.STORE, e.code(), "an Error in the middle of a build is KG-STORE: " + e.getMessage());
        assertTrue(e.getMessage().contains("unsafe memory access"), "the message keeps the cause: " + e.getMessage());
        assertLastGoodStoreStays(root, good);
    }

    @Test
    void aFullDiskIsKgStoreWithThePathAndTheFreeSpace() {
        Path sources = Fixtures.basicSources(tmp);
        Path root = tmp.resolve("store");
        StoreInfo good = goodStore(sources, root);
        // The write error as the JDK reports a full disk; a real full disk is in src/test/reliability/build-faults.sh.
        KgException e = assertThrows(KgException.class, () -> new StoreBuilder(root, null, DatasetDescription.FOR_BUILD)
                .afterWrite((dsg, dir) -> { throw new IOException("No space left on device"); })
                .build(SourceSet.fromDirectory(sources), true));
        assertEquals(ErrorCode.STORE, e.code(), "a full disk is KG-STORE");
        assertTrue(e.getMessage().startsWith("Disk full while building the store in " + root.resolve("staging-")),
                "the message names the path: " + e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*: [0-9,]+ bytes free on .*"), "the message gives the free space: " + e.getMessage());
        assertLastGoodStoreStays(root, good);
    }

    @Test
    void invalidUtf8IsASyntaxErrorWithFileAndLine() {
        Path sources = Fixtures.basicSources(tmp);
        Path root = tmp.resolve("store");
        StoreInfo good = goodStore(sources, root);
        Fixtures.addFailure(sources, "invalid-utf8.ttl", "rdf");
        SourceLoader.SourceException e = assertThrows(SourceLoader.SourceException.class,
                () -> new StoreBuilder(root, null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false));
        assertEquals(ErrorCode.SOURCE_SYNTAX, e.code(), "invalid UTF-8 is KG-SOURCE-SYNTAX");
        assertTrue(e.getMessage().startsWith("rdf/invalid-utf8.ttl:5:"), "file:line of the bad byte: " + e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8") && e.getMessage().contains("0xFF"), "says what is wrong: " + e.getMessage());
        assertLastGoodStoreStays(root, good);
    }

    @Test
    void everyBrokenFileIsListedWithItsFirstError() {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, "invalid-utf8.ttl", "rdf");
        Fixtures.addFailure(sources, "undefined-prefix.ttl", "rdf");
        SourceLoader.SourceException e = assertThrows(SourceLoader.SourceException.class,
                () -> new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false));
        assertEquals(List.of("rdf/invalid-utf8.ttl", "rdf/undefined-prefix.ttl"),
                e.errors().stream().map(SourceError::path).toList(), "one error per broken file, every file: " + e.getMessage());
    }

    @Test
    void aRemoteJsonLdContextIsAnErrorNamingTheFile() {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, "remote-context.jsonld", "rdf");
        SourceLoader.SourceException e = assertThrows(SourceLoader.SourceException.class,
                () -> new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false));
        assertEquals(ErrorCode.SOURCE_SYNTAX, e.code(), "a remote context is a source error");
        assertTrue(e.getMessage().startsWith("rdf/remote-context.jsonld"), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains("https://example.org/aihegemony-test-context.jsonld")
                && e.getMessage().contains("contexts/catalog.txt"), "names the context and the way out: " + e.getMessage());
        assertFalse(Files.exists(tmp.resolve("store").resolve("CURRENT")), "nothing was published");
    }

    @Test
    void aLocalCopyOfTheContextIsUsedInstead() {
        Path sources = Fixtures.basicSources(tmp);
        Fixtures.addFailure(sources, "remote-context.jsonld", "rdf");
        Fixtures.copyTree(Fixtures.resource("contexts"), sources.resolve("contexts"));
        StoreInfo info = new StoreBuilder(tmp.resolve("store"), null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false).store();
        try (KgStore store = KgStore.open(info, Duration.ofSeconds(5))) {
            boolean found = Txn.calculateRead(store.dataset(), () -> {
                try (QueryExecution qe = QueryExecution.dataset(store.dataset()).query(
                        "ASK { GRAPH <https://w3id.org/aihegemony/graph/data> { <https://w3id.org/aihegemony/id/google> "
                                + "<http://www.w3.org/2000/01/rdf-schema#comment> ?c FILTER(CONTAINS(?c, 'remote')) } }").build()) {
                    return qe.execAsk();
                }
            });
            assertTrue(found, "the JSON-LD source was read with the local context");
        }
    }

    @Test
    void aSecondBuildOnTheSameStoreIsRefusedWhileTheFirstRuns() {
        Path sources = Fixtures.basicSources(tmp);
        Path root = tmp.resolve("store");
        StoreInfo good = goodStore(sources, root);
        try (BuildLock first = BuildLock.acquire(root, Duration.ZERO, BuildListener.NONE)) {
            KgException e = assertThrows(KgException.class, () -> new StoreBuilder(root, null, DatasetDescription.FOR_BUILD).lockWait(Duration.ofMillis(300))
                    .build(SourceSet.fromDirectory(sources), true));
            assertEquals(ErrorCode.STORE, e.code(), "a concurrent build is KG-STORE");
            assertTrue(e.getMessage().contains("Another build is running") && e.getMessage().contains(root.resolve("build.lock").toString()),
                    "the message says why and names the lock: " + e.getMessage());
            assertLastGoodStoreStays(root, good);
        }
        StoreBuilder.Result after = new StoreBuilder(root, null, DatasetDescription.FOR_BUILD).lockWait(Duration.ZERO).build(SourceSet.fromDirectory(sources), true);
        assertTrue(after.rebuilt(), "once the first build is done, the next one runs");
    }

    @Test
    void aWaitingBuildRunsWhenTheFirstFinishes() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        Path root = tmp.resolve("store");
        BuildLock first = BuildLock.acquire(root, Duration.ZERO, BuildListener.NONE);
        Thread release = new Thread(() -> {
            try { Thread.sleep(500); } catch (InterruptedException ignored) { }
            first.close();
        });
        release.start();
        StoreBuilder.Result r = new StoreBuilder(root, null, DatasetDescription.FOR_BUILD).lockWait(Duration.ofSeconds(20)).build(SourceSet.fromDirectory(sources), false);
        release.join();
        assertTrue(r.rebuilt(), "the waiting build ran once the lock was free");
    }

    @Test
    void whatAKilledBuildLeftIsRemovedByTheNext() throws Exception {
        Path sources = Fixtures.basicSources(tmp);
        Path root = tmp.resolve("store");
        StoreInfo good = goodStore(sources, root);
        Path leftover = Files.createDirectories(root.resolve("staging-20260101T000000000-deadbeef0000/Data-0001"));
        Files.writeString(leftover.resolve("nodes.dat"), "half-written");
        StoreInfo next = new StoreBuilder(root, null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), true).store();
        assertFalse(Files.exists(root.resolve("staging-20260101T000000000-deadbeef0000")), "the killed build's folder is gone");
        assertEquals(List.of(good.dir().getFileName().toString(), next.dir().getFileName().toString()).stream().sorted().toList(),
                folders(root), "only the new store and the one before it remain");
    }
}
