package org.aihegemony.kg.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.linkeddata.Base;
import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * Builds the TDB2 store from the sources: parse, infer, validate, write, switch.
 * <p>
 * Each build goes into a new folder under the store root; only when it has fully succeeded does the
 * root's {@code CURRENT} file point to it (an atomic rename), so a failed build leaves the last good
 * store in place. A build is skipped when the current store was built from sources with the same
 * content hash.
 */
public final class StoreBuilder {
    static final String CURRENT = "CURRENT";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

    private final Path root;
    private final BuildListener listener;

    public StoreBuilder(Path root, BuildListener listener) {
        this.root = root.toAbsolutePath().normalize();
        this.listener = listener == null ? BuildListener.NONE : listener;
    }

    /** The outcome of {@link #build}: the store now current, and whether this call built it. */
    public record Result(StoreInfo store, boolean rebuilt, long millis, List<Violation> warnings) { }

    /** The store the root's CURRENT file points to, if any. */
    public static Optional<StoreInfo> current(Path root) {
        Path pointer = root.resolve(CURRENT);
        if (!Files.isRegularFile(pointer))
            return Optional.empty();
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            Path dir = root.resolve(name);
            if (name.isEmpty() || !Files.isDirectory(dir))
                return Optional.empty();
            return Optional.of(StoreInfo.read(dir));
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    /** Builds unless the current store already holds exactly these sources (or {@code force}). */
    public Result build(SourceSet sources, boolean force) {
        long start = System.nanoTime();
        String hash = sources.contentHash();
        Optional<StoreInfo> current = current(root);
        if (!force && current.isPresent() && current.get().contentHash().equals(hash)) {
            listener.step("Store is up to date (" + shortHash(hash) + "): " + current.get().dir());
            return new Result(current.get(), false, millisSince(start), List.of());
        }
        Prepared prepared = prepare(sources);
        listener.step("Writing TDB2 store");
        Path dir = newStoreDir(hash);
        StoreInfo info;
        try {
            // Linked data (issue 4): the dumps and the VoID description are made once per store.
            listener.step("Writing dumps and the VoID description");
            Graph description = DatasetDescription.describe(prepared.dataset, dir.resolve(DatasetDescription.DUMPS), Base.standard());
            Node voidGraph = AIH.node(AIH.GRAPH_VOID);
            description.find().forEachRemaining(t -> prepared.dataset.add(voidGraph, t.getSubject(), t.getPredicate(), t.getObject()));
            Map<String, Long> counts = write(prepared.dataset, dir);
            counts.put("text", TextIndexBuilder.build(dir, listener)); // full-text index (issue 13)
            info = new StoreInfo(dir, hash, Instant.now(), sources.origin(), counts);
            info.write();
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            if (e instanceof KgException)
                throw e;
            throw new KgException(ErrorCode.STORE, "Cannot write the store in " + dir + ": " + e.getMessage(), e);
        }
        switchTo(dir);
        listener.step("Store ready: " + dir + " (" + info.count("quads") + " quads)");
        removeOldStores(dir, current.map(StoreInfo::dir).orElse(null));
        return new Result(info, true, millisSince(start), prepared.warnings);
    }

    /**
     * Parses, infers and validates the sources without writing anything: what {@code validate} runs.
     * Returns the non-blocking findings; throws on a syntax error or a violation.
     */
    public static List<Violation> validate(SourceSet sources, BuildListener listener) {
        return new StoreBuilder(Path.of("."), listener).prepare(sources).warnings;
    }

    private record Prepared(DatasetGraph dataset, List<Violation> warnings) { }

    private Prepared prepare(SourceSet sources) {
        listener.step("Parsing " + sources.files().stream().filter(SourceFile::feedsStore).count()
                + " source files from " + sources.origin());
        DatasetGraph dsg = SourceLoader.load(sources);

        listener.step("Materialising entailments");
        Graph inferred = Inferencer.entailments(dsg);
        Node inferredName = AIH.node(AIH.GRAPH_INFERRED);
        inferred.find().forEachRemaining(t -> dsg.add(inferredName, t.getSubject(), t.getPredicate(), t.getObject()));
        listener.step("Inferred " + inferred.size() + " triples");

        DatasetGraph view = unionDefaultView(dsg);
        Graph shapes = dsg.getGraph(AIH.node(AIH.GRAPH_SHAPES));
        List<Violation> found = new ArrayList<>();
        if (!shapes.isEmpty()) {
            listener.step("Validating against SHACL shapes");
            found.addAll(Validator.shacl(shapes, SourceLoader.withoutShapes(dsg), "ontology/shapes"));
        }
        List<SourceFile> checks = sources.files(SourceFile.Kind.CHECK);
        if (!checks.isEmpty())
            listener.step("Running " + checks.size() + " data checks");
        for (SourceFile check : checks)
            found.addAll(Validator.check(check, view));
        if (found.stream().anyMatch(Violation::blocking))
            throw new ValidationException(found);
        return new Prepared(dsg, found);
    }

    /** A view of the dataset whose default graph is the union of its named graphs, as in the store. */
    static DatasetGraph unionDefaultView(DatasetGraph dsg) {
        DatasetGraph view = DatasetGraphFactory.create(dsg.getUnionGraph());
        dsg.listGraphNodes().forEachRemaining(g -> view.addGraph(g, dsg.getGraph(g)));
        return view;
    }

    private static Map<String, Long> write(DatasetGraph source, Path dir) {
        Dataset tdb = TDB2Factory.connectDataset(dir.toString());
        try {
            DatasetGraph target = tdb.asDatasetGraph();
            Txn.executeWrite(target, () -> source.find().forEachRemaining(target::add));
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("quads", source.stream().count());
            counts.put("graphs", (long) count(source.listGraphNodes()));
            counts.put("ontology", source.getGraph(AIH.node(AIH.GRAPH_ONTOLOGY)).stream().count());
            counts.put("shapes", source.getGraph(AIH.node(AIH.GRAPH_SHAPES)).stream().count());
            counts.put("data", source.getGraph(AIH.node(AIH.GRAPH_DATA)).stream().count());
            counts.put("inferred", source.getGraph(AIH.node(AIH.GRAPH_INFERRED)).stream().count());
            counts.put("void", source.getGraph(AIH.node(AIH.GRAPH_VOID)).stream().count());
            counts.put("union", source.getUnionGraph().stream().count());
            return counts;
        } finally {
            TDBInternal.expel(tdb.asDatasetGraph());
        }
    }

    private static int count(java.util.Iterator<?> it) {
        int n = 0;
        while (it.hasNext()) { it.next(); n++; }
        return n;
    }

    private Path newStoreDir(String hash) {
        try {
            Files.createDirectories(root);
            Path dir = root.resolve("db-" + STAMP.format(Instant.now()) + "-" + shortHash(hash));
            Files.createDirectory(dir);
            return dir;
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot create a store folder in " + root + ": " + e.getMessage(), e);
        }
    }

    private void switchTo(Path dir) {
        Path tmp = root.resolve(CURRENT + ".tmp");
        try {
            Files.writeString(tmp, dir.getFileName().toString() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new KgException(ErrorCode.STORE, "Cannot switch " + root.resolve(CURRENT) + ": " + e.getMessage(), e);
        }
    }

    /** Removes stores other than the new one and the one before it, unless a live process holds them. */
    private void removeOldStores(Path keep, Path previous) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "db-*")) {
            for (Path p : ds) {
                if (p.equals(keep) || p.equals(previous) || !Files.isDirectory(p) || isLocked(p))
                    continue;
                deleteQuietly(p);
            }
        } catch (IOException e) {
            listener.step("Could not clean old stores in " + root + ": " + e.getMessage());
        }
    }

    /** Whether a running process holds the TDB2 lock of a store folder. */
    static boolean isLocked(Path dir) {
        Path lock = dir.resolve("tdb.lock");
        if (!Files.isRegularFile(lock))
            return false;
        try {
            String pid = Files.readString(lock, StandardCharsets.UTF_8).trim();
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true;
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir))
            return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try { Files.deleteIfExists(p); } catch (IOException ignored) { }
            });
        } catch (IOException ignored) {
        }
    }

    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
