package org.aihegemony.kg.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.Http;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.aihegemony.kg.store.StoreFiles;
import org.aihegemony.kg.store.StoreInfo;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.fuseki.main.FusekiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identical read-only replicas (issue 11), with real servers on port 0 over real TDB2 stores: a store
 * whose folder must not be written serves without a single file in it changing; two servers on copies
 * of one store report the same store id on {@code /$/status}; draining answers 503.
 */
class TestReplicas {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String COUNT = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }";

    @TempDir
    static Path tmp;
    /** A store root (CURRENT and one db-* folder) built once from the basic fixture. */
    static Path built;

    @BeforeAll
    static void buildOnce() {
        Path sources = Fixtures.basicSources(tmp);
        built = tmp.resolve("built");
        new StoreBuilder(built, null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false);
    }

    /** A copy of the built store root in a new folder, as an operator ships it to a replica. */
    static Path replica(String name) {
        Path to = tmp.resolve(name);
        Fixtures.copyTree(built, to);
        return to;
    }

    static StoreInfo current(Path root) {
        return StoreBuilder.current(root).orElseThrow();
    }

    /** Every file and folder under {@code root} with its size and modification time. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList())
                m.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    static void setWritable(Path root, boolean writable) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> p.toFile().setWritable(writable, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FusekiServer serve(KgStore store, ServerStatus status) {
        return KgServer.start(store, new ServerSettings("127.0.0.1", 0, TIMEOUT, 16L << 20, false), QueryCatalog.empty(), status);
    }

    static JsonObject status(FusekiServer server, int expectCode) {
        HttpResponse<String> r = Http.get("http://127.0.0.1:" + server.getHttpPort() + "/$/status", "application/json");
        assertEquals(expectCode, r.statusCode(), "/$/status code: " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "/$/status is JSON");
        return JSON.parse(r.body());
    }

    static long count(FusekiServer server) {
        HttpResponse<String> r = Http.get("http://127.0.0.1:" + server.getHttpPort() + "/kg/sparql?query=" + Http.enc(COUNT), "text/csv");
        assertEquals(200, r.statusCode(), "count query: " + r.body());
        return Long.parseLong(r.body().lines().skip(1).findFirst().orElseThrow().trim());
    }

    @Test
    void aStoreFolderThatMustNotBeWrittenServesAndStaysUnchanged() throws Exception {
        Path root = replica("read-only");
        Map<String, String> before = snapshot(root);
        setWritable(root, false);   // as root this does not stop writes: the snapshot comparison does
        try {
            StoreInfo info = current(root);
            try (KgStore store = KgStore.openReadOnly(info, TIMEOUT)) {
                FusekiServer server = serve(store, new ServerStatus(store));
                try {
                    assertEquals("memory", store.mode(), "a small store is held in memory");
                    assertTrue(count(server) > 0, "the read-only store answers queries");
                    HttpResponse<String> gsp = Http.get("http://127.0.0.1:" + server.getHttpPort() + "/kg/get?default", "application/n-triples");
                    assertEquals(200, gsp.statusCode(), "the Graph Store read of the union: " + gsp.body());
                    HttpResponse<String> dump = Http.get("http://127.0.0.1:" + server.getHttpPort() + "/dumps/aihegemony.nq", null);
                    assertEquals(200, dump.statusCode(), "the dumps are read from the read-only folder");
                } finally {
                    server.stop();
                }
            }
            assertEquals(before, snapshot(root), "no file in the store folder appeared or changed (no tdb.lock, no journal)");
        } finally {
            setWritable(root, true);
        }
    }

    @Test
    void aLargeStoreIsServedFromATemporaryCopyThatIsDeletedOnClose() {
        Path root = replica("large");
        Map<String, String> before = snapshot(root);
        StoreInfo real = current(root);
        // The same files, recorded as larger than the in-memory limit.
        StoreInfo large = new StoreInfo(real.dir(), real.contentHash(), real.builtAt(), real.origin(),
                Map.of("quads", KgStore.IN_MEMORY_MAX_QUADS + 1));
        Path copy;
        try (KgStore store = KgStore.openReadOnly(large, TIMEOUT)) {
            assertTrue(store.mode().startsWith("temporary copy "), "a large store is served from a copy: " + store.mode());
            copy = Path.of(store.mode().substring("temporary copy ".length()));
            assertTrue(Files.isDirectory(copy), "the copy exists while serving: " + copy);
            FusekiServer server = serve(store, new ServerStatus(store));
            try {
                assertTrue(count(server) > 0, "the copy answers queries");
            } finally {
                server.stop();
            }
        }
        assertFalse(Files.exists(copy), "the temporary copy is deleted on close: " + copy);
        assertEquals(before, snapshot(root), "no file in the store folder appeared or changed");
    }

    @Test
    void aStoreThatNeedsRecoveryIsAClearStoreError() throws IOException {
        Path root = replica("unfinished");
        Path journal = current(root).dir().resolve("Data-0001").resolve("journal.jrnl");
        Files.write(journal, new byte[] { 1, 2, 3, 4 });
        Map<String, String> before = snapshot(root);
        KgException e = assertThrows(KgException.class, () -> KgStore.openReadOnly(current(root), TIMEOUT),
                "a store with an unfinished write is refused");
        assertEquals(ErrorCode.STORE, e.code(), "the error is KG-STORE: " + e.getMessage());
        assertTrue(e.getMessage().contains("needs recovery") && e.getMessage().contains(journal.toString()),
                "the message says recovery is needed and names the journal: " + e.getMessage());
        assertEquals(before, snapshot(root), "the refused store was not touched");
    }

    @Test
    void twoServersOnCopiesOfOneStoreReportTheSameStoreId() {
        Path a = replica("copy-a"), b = replica("copy-b");
        try (KgStore sa = KgStore.openReadOnly(current(a), TIMEOUT); KgStore sb = KgStore.openReadOnly(current(b), TIMEOUT)) {
            FusekiServer one = serve(sa, new ServerStatus(sa)), two = serve(sb, new ServerStatus(sb));
            try {
                JsonObject s1 = status(one, 200), s2 = status(two, 200);
                String id = s1.get("storeId").getAsString().value();
                assertEquals(current(built).contentHash(), id, "the store id is the content hash kg-build.properties records");
                assertEquals(id, s2.get("storeId").getAsString().value(), "both replicas report the same store id");
                assertEquals(s1.get("storeBuiltAt"), s2.get("storeBuiltAt"), "and the same build time");
                assertEquals("ready", s1.get("state").getAsString().value(), "a started server is ready");
                assertEquals(current(built).count("quads"), s1.get("quads").getAsNumber().value().longValue(), "quad count from the build record");
                assertTrue(s1.hasKey("version") && s1.hasKey("uptimeSeconds") && s1.hasKey("cache"), "version, uptime, cache: " + s1);
                assertNotEquals(one.getHttpPort(), two.getHttpPort(), "two servers");
            } finally {
                one.stop();
                two.stop();
            }
        }
    }

    @Test
    void aStoreBuiltFromOtherSourcesHasAnotherId() throws IOException {
        Path sources = Fixtures.basicSources(tmp.resolve("other"));
        Path data = sources.resolve("rdf").resolve("data.trig");
        Files.writeString(data, Files.readString(data) + "\n# a later edit of the sources\n");
        Path root = tmp.resolve("other-store");
        StoreInfo other = new StoreBuilder(root, null, DatasetDescription.FOR_BUILD).build(SourceSet.fromDirectory(sources), false).store();
        try (KgStore store = KgStore.openReadOnly(other, TIMEOUT)) {
            FusekiServer server = serve(store, new ServerStatus(store));
            try {
                assertNotEquals(current(built).contentHash(), status(server, 200).get("storeId").getAsString().value(),
                        "a replica of a newer build tells itself apart from the old ones");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void anArchiveServesTheSameStoreAndIsUnpackedOnlyIntoATemporaryFolder() throws IOException {
        Path archive = StoreFiles.writeArchive(current(built), tmp.resolve("shipped").resolve("kg-store.zip"));
        assertTrue(Files.size(archive) < 20L << 20, "the archive is small: its sparse files compress (" + Files.size(archive) + " bytes)");
        Path dir;
        try (KgStore store = KgStore.openArchive(archive, TIMEOUT)) {
            dir = store.info().dir();
            assertFalse(dir.startsWith(tmp), "served from a temporary folder, not beside the archive: " + dir);
            FusekiServer server = serve(store, new ServerStatus(store));
            try {
                assertEquals(current(built).contentHash(), status(server, 200).get("storeId").getAsString().value(),
                        "the archive's store id is the built store's");
                assertTrue(count(server) > 0, "the archive answers queries");
            } finally {
                server.stop();
            }
        }
        assertFalse(Files.exists(dir), "the unpacked archive is deleted on close: " + dir);
    }

    @Test
    void aDrainingServerAnswers503OnStatusAndStillServesQueries() {
        try (KgStore store = KgStore.openReadOnly(current(built), TIMEOUT)) {
            ServerStatus st = new ServerStatus(store);
            FusekiServer server = serve(store, st);
            try {
                count(server);
                count(server);   // the same GET again: answered from the answer cache
                JsonObject cache = status(server, 200).get("cache").getAsObject();
                assertTrue(cache.get("enabled").getAsBoolean().value(), "the answer cache is on by default: " + cache);
                assertTrue(cache.get("hits").getAsNumber().value().longValue() >= 1, "its counters are reported on /$/status: " + cache);
                st.drain();
                assertEquals("draining", status(server, 503).get("state").getAsString().value(), "draining is reported with 503");
                assertEquals(200, Http.get("http://127.0.0.1:" + server.getHttpPort() + "/$/ping", null).statusCode(),
                        "/$/ping (liveness) stays 200 while draining");
                assertTrue(count(server) > 0, "queries are still answered while the load balancer takes note");
            } finally {
                server.stop();
            }
        }
    }
}
