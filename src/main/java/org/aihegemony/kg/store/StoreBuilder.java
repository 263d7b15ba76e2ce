package org.aihegemony.kg.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * Builds the TDB2 store from the sources: load, infer, validate, describe, switch — all of it over the
 * store on disk, in a heap that does not grow with the data (see {@link #stage}).
 * <p>
 * Each build goes into a new staging folder under the store root, renamed to {@code db-...} when it
 * has fully succeeded; only then does the root's {@code CURRENT} file point to it (an atomic rename), so
 * a failed build leaves the last good store in place, and any failure (a full disk included) removes the
 * staging folder. One build at a time per root ({@code build.lock}); folders left by a killed build are
 * removed by the next. A build is skipped when the current store was built from sources with the same
 * content hash.
 */
public final class StoreBuilder {
    static final String CURRENT = "CURRENT";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

    private final Path root;
    private final BuildListener listener;
    private final StoreDescriber describer;

    /**
     * A builder of stores under {@code root}, telling {@code listener} (or nobody, when null) how it goes,
     * with {@code describer} writing each new store's dumps and VoID.
     */
    public StoreBuilder(Path root, BuildListener listener, StoreDescriber describer) {
        this.root = root.toAbsolutePath().normalize();
        this.listener = listener == null ? BuildListener.NONE : listener;
        this.describer = Objects.requireNonNull(describer, "describer");
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

    /** How long a build waits for another build on the same store root before refusing. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    /** Below this much free space a failed write is reported as a full disk. */
    static final long DISK_FULL_BYTES = 64L << 20;
    static final String STAGING = "staging-";
    /** Rows a check query keeps in memory for DISTINCT / ORDER BY before spilling to disk. */
    static final long SPILL_ROWS = 100_000;

    private Duration lockWait = LOCK_WAIT;
    private final List<PostWriteStep> postWrite = new ArrayList<>();
    private boolean writeTextIndex = true;

    /**
     * A step over the finished staging store (every quad written, VoID included), run before the store is
     * published, e.g. building a text index beside it. It runs outside any transaction, in the build's
     * staging folder {@code dir}; if it throws, the build fails and the folder is removed.
     */
    @FunctionalInterface
    public interface PostWriteStep {
        void run(DatasetGraph staging, Path dir) throws Exception;
    }

    /** Adds a step to run over every new store after it is written (see {@link PostWriteStep}). */
    public StoreBuilder afterWrite(PostWriteStep step) {
        postWrite.add(step);
        return this;
    }

    /**
     * Whether a new store gets its full-text index (default: yes). Without it the build skips the index's
     * share of the work (about a quarter of the CPU of the benchmark's 1 M and 10 M builds) and the store
     * serves every route but {@code /search} and {@code text:query}; its quads, dumps and VoID are the same.
     * A store that is up to date is kept as it is, with or without an index: {@code --force} rebuilds it.
     */
    public StoreBuilder textIndex(boolean write) {
        this.writeTextIndex = write;
        return this;
    }

    /** Sets how long {@link #build} waits for another build on the same root (zero: refuse at once). */
    public StoreBuilder lockWait(Duration wait) {
        this.lockWait = wait;
        return this;
    }

    /** What a build that keeps the current store says; it names a missing text index a build would write. */
    private String upToDate(String hash, StoreInfo current) {
        return "Store is up to date (" + shortHash(hash) + "): " + current.dir()
                + (writeTextIndex && !TextIndexes.exists(current.dir())
                        ? " (built without a text index; --force rebuilds it with one)" : "");
    }

    /** Builds unless the current store already holds exactly these sources (or {@code force}). */
    public Result build(SourceSet sources, boolean force) {
        long start = System.nanoTime();
        String hash = sources.contentHash();
        Optional<StoreInfo> current = current(root);
        if (!force && current.isPresent() && current.get().contentHash().equals(hash)) {
            listener.step(upToDate(hash, current.get()));
            return new Result(current.get(), false, millisSince(start), List.of());
        }
        try (BuildLock lock = BuildLock.acquire(root, lockWait, listener)) {
            // Another build may have finished while this one waited.
            current = current(root);
            if (!force && current.isPresent() && current.get().contentHash().equals(hash)) {
                listener.step(upToDate(hash, current.get()));
                return new Result(current.get(), false, millisSince(start), List.of());
            }
            removeStaging();
            Path staging = newStoreDir(STAGING, hash);
            Staged staged;
            try (BuildProgress progress = new BuildProgress(listener)) {
                staged = stage(sources, hash, staging, progress, true);
                listener.step(progress.summary());
            } catch (Throwable t) {
                throw failed(t, staging);
            }
            Path dir = publish(staging);
            StoreInfo info = new StoreInfo(dir, hash, staged.builtAt, sources.origin(), staged.counts);
            switchTo(dir);
            listener.step("Store ready: " + dir + " (" + info.count("quads") + " quads)");
            removeOldStores(dir, current.map(StoreInfo::dir).orElse(null));
            return new Result(info, true, millisSince(start), staged.warnings);
        }
    }

    /**
     * Parses, infers and validates the sources without keeping anything: what {@code validate} runs, in a
     * staging store in a temporary folder. Returns the non-blocking findings; throws on a syntax error or
     * a violation.
     */
    public static List<Violation> validate(SourceSet sources, BuildListener listener) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("aihegemony-kg-validate-");
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot create a temporary store: " + e.getMessage(), e);
        }
        // validate writes no dumps and no VoID: it never describes
        StoreBuilder b = new StoreBuilder(tmp, listener, (dsg, dir) -> { throw new IllegalStateException("validate describes nothing"); });
        try (BuildProgress progress = new BuildProgress(b.listener)) {
            List<Violation> warnings = b.stage(sources, "", tmp.resolve("db"), progress, false).warnings;
            b.listener.step(progress.summary());
            return warnings;
        } catch (Throwable t) {
            throw b.failed(t, tmp);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private record Staged(Map<String, Long> counts, List<Violation> warnings, Instant builtAt) { }

    /**
     * The whole build into a staging folder, phase by phase, all of it over the store: stream the sources
     * in (nodes into the node table, quads into a spool, the indexes written sorted: see
     * {@link PackedIndexes}) with the entailments derived on the way ({@link ParseTimeInference}; when the
     * schema is not known before the data, they are derived over the store and the indexes written again
     * with them: {@link StoreInference}), run the shapes and checks, then (when
     * {@code describe}) write the dumps and the VoID graph, and the steps that follow the write.
     */
    private Staged stage(SourceSet sources, String hash, Path dir, BuildProgress progress, boolean describe) {
        Path spool = dir.resolve("quads.spool");
        DatasetGraph loading = connect(dir);
        StagingLoader.Loaded loaded;
        try {
            progress.step("Loading " + sources.files().stream().filter(SourceFile::feedsStore).count()
                    + " source files from " + sources.origin());
            loaded = watchingDisk(dir, () -> StagingLoader.load(sources, loading, spool, progress));
        } finally {
            TDBInternal.expel(loading);
        }
        if (!loaded.needsStoreInference()) {
            progress.step(String.format(Locale.ROOT, "Inferred %,d triples while parsing", loaded.inferred()));
        } else {
            // The schema was not known before the data (see ParseTimeInference): derive over the store, then
            // write the indexes again with the entailments. The indexes were written beside Jena's view of
            // them (see PackedIndexes): connect again.
            progress.step("Inferring over the store: " + loaded.storeInferenceBecause());
            DatasetGraph inferring = connect(dir);
            long inferred;
            try {
                // Every later phase reads the whole store; nodes come from a mapping of the node file, not a
                // system call per field (see MappedNodeReads).
                MappedNodeReads.install(inferring);
                progress.phase("inference", "triples read");
                inferred = watchingDisk(dir, () -> StoreInference.materialise(inferring, dir.resolve("inferred.rt"), spool, progress));
                progress.step(String.format(Locale.ROOT, "Inferred %,d triples", inferred));
            } finally {
                TDBInternal.expel(inferring);
            }
            if (inferred > 0) {
                progress.phase("index with inferred", "indexes");
                watchingDisk(dir, () -> PackedIndexes.rebuild(dir, spool, loaded.quads() + inferred, progress));
            }
        }
        deleteQuietly(spool);
        DatasetGraph dsg = connect(dir);
        try {
            MappedNodeReads.install(dsg);

            if (!describe) {
                progress.phase("checks", "checks");
                List<Violation> found = checks(sources, dsg, progress, List.of(), () -> { });
                if (found.stream().anyMatch(Violation::blocking))
                    throw new ValidationException(found);
                return new Staged(Map.of(), found, Instant.now());
            }

            // The checks only read, so they run on two threads of their own while this one writes the
            // dumps and the text index, then joins them; the VoID graph is added once they are all done
            // (the checks look at the store as loaded and inferred, nothing later). On a violation the
            // written work is thrown away with the staging folder.
            progress.phase(writeTextIndex ? "checks, dumps, VoID and text index" : "checks, dumps and VoID", "checks");
            Map<String, Long> text = new LinkedHashMap<>();
            StoreDescriber.Description[] description = {null};
            // Full-text index (issue 13), built with the store from the finished staging store: its parts are
            // tasks of the checks' threads, taken right after the shapes, so that they run beside the shapes
            // and the dumps; the last part written joins them. None with textIndex(false).
            TextIndexBuilder.Parts parts = new TextIndexBuilder.Parts(dsg, dir.resolve(TextIndexes.DIR));
            AtomicInteger partsLeft = new AtomicInteger(parts.size());
            long textStart = System.nanoTime();
            List<Callable<List<Violation>>> textIndex = new ArrayList<>();
            for (int i = 0; writeTextIndex && i < parts.size(); i++) {
                int part = i;
                textIndex.add(() -> {
                    parts.write(part);
                    if (partsLeft.decrementAndGet() == 0) {
                        long docs = parts.join();
                        synchronized (text) {
                            text.put("text", docs);
                        }
                        progress.step(String.format(Locale.ROOT, "Text index: %,d documents in %.1f s", docs,
                                (System.nanoTime() - textStart) / 1e9));
                    }
                    return List.of();
                });
            }
            List<Violation> found = checks(sources, dsg, progress, textIndex, () ->
                description[0] = Txn.calculateRead(dsg, () -> describer.describe(dsg, dir)));
            if (found.stream().anyMatch(Violation::blocking))
                throw new ValidationException(found);
            Map<String, Long> counts = addVoid(dsg, description[0]);
            counts.putAll(text);

            afterWrite(dsg, dir, progress);
            Instant builtAt = Instant.now();
            new StoreInfo(dir, hash, builtAt, sources.origin(), counts).write();
            return new Staged(counts, found, builtAt);
        } finally {
            TDBInternal.expel(dsg);
        }
    }

    /** Connects to a staging store, set up for the build's queries. */
    private static DatasetGraph connect(Path dir) {
        Dataset ds = TDB2Factory.connectDataset(dir.toString());
        KgStore.configure(ds.getContext(), null);
        // Checks' DISTINCT and ORDER BY spill to disk beyond this many rows, so the heap stays bounded.
        ds.getContext().set(ARQ.spillToDiskThreshold, SPILL_ROWS);
        // Checks that list the store's distinct resources read them off the indexes (see DistinctTermScan).
        QC.setFactory(ds.getContext(), DistinctTermScan.FACTORY);
        return ds.asDatasetGraph();
    }

    /**
     * The one place where steps over the finished staging store run (all quads, VoID included) before it
     * is published: the {@link PostWriteStep}s given to {@link #afterWrite(PostWriteStep)}, e.g. a text
     * index built with the store.
     */
    private void afterWrite(DatasetGraph dsg, Path dir, BuildProgress progress) {
        if (postWrite.isEmpty())
            return;
        progress.phase("post-write", "steps");
        for (PostWriteStep step : postWrite) {
            try {
                step.run(dsg, dir);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.io.UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
            }
            progress.add(1);
        }
    }

    /** Threads the checks run on besides the calling one. */
    static final int CHECK_THREADS = 2;

    /**
     * The SHACL shapes over the store's graphs (less the shapes) and every check query over the store, each
     * a task in a read transaction of its own, taken in turn by {@link #CHECK_THREADS} threads and, once
     * {@code work} is done, by this one: so no core idles while a long check still runs. The shapes go
     * first (the longest task), then {@code alongside} (other work over the store that finds nothing,
     * e.g. the text index's parts); findings keep their order: shapes first, then the checks in
     * file order.
     * If {@code work} or a task fails, the other tasks are skipped and those running waited for (nothing
     * may still read a staging store that is about to be removed), then the failure is thrown.
     */
    private List<Violation> checks(SourceSet sources, DatasetGraph dsg, BuildProgress progress,
                                   List<Callable<List<Violation>>> alongside, Runnable work) {
        List<SourceFile> checks = sources.files(SourceFile.Kind.CHECK);
        progress.step("Running the SHACL shapes and " + checks.size() + " data checks");
        List<Callable<List<Violation>>> tasks = new ArrayList<>();
        tasks.add(() -> Txn.calculateRead(dsg, () -> {
            long t0 = System.nanoTime();
            Graph shapes = GraphFactory.createDefaultGraph();
            dsg.getGraph(AIH.node(AIH.GRAPH_SHAPES)).find().forEachRemaining(shapes::add);
            if (shapes.isEmpty())
                return List.<Violation>of();
            Set<Triple> shapeTriples = new HashSet<>();
            shapes.find().forEachRemaining(shapeTriples::add);
            List<Violation> v = Validator.shacl(shapes, StoreGraphs.withoutShapes(dsg, shapeTriples), "ontology/shapes");
            progress.step(String.format(Locale.ROOT, "SHACL shapes: %d results in %.1f s", v.size(), (System.nanoTime() - t0) / 1e9));
            return v;
        }));
        tasks.addAll(alongside);
        for (SourceFile check : checks)
            tasks.add(() -> Txn.calculateRead(dsg, () -> {
                long t0 = System.nanoTime();
                List<Violation> r = Validator.check(check, dsg);
                progress.add(1);
                progress.step(String.format(Locale.ROOT, "%s: %d rows in %.1f s", check.path(), r.size(),
                        (System.nanoTime() - t0) / 1e9));
                return r;
            }));
        List<List<Violation>> results = new ArrayList<>(Collections.nCopies(tasks.size(), null));
        TaskThreads.run(tasks.size(), CHECK_THREADS, "kg-build-checks", work, i -> {
            try {
                results.set(i, tasks.get(i).call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (Thread.currentThread().isInterrupted())
            throw new KgException(ErrorCode.STORE, "Interrupted while validating", new InterruptedException());
        List<Violation> found = new ArrayList<>();
        results.forEach(found::addAll);
        return found;
    }

    /** The failure of a task, to throw as it was: a RuntimeException (returned) or an Error (thrown). */
    private static RuntimeException unwrap(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r)
            return r;
        if (e.getCause() instanceof Error err)
            throw err;
        return new IllegalStateException(e.getCause());
    }

    /** Adds the VoID graph of a description (dumps written) to the store; returns the store's counts. */
    private static Map<String, Long> addVoid(DatasetGraph dsg, StoreDescriber.Description d) {
        Node voidGraph = AIH.node(AIH.GRAPH_VOID);
        long[] newInUnion = {0};
        Txn.executeWrite(dsg, () -> d.graph().find().forEachRemaining(t -> {
            if (!dsg.getUnionGraph().contains(t))
                newInUnion[0]++;
            dsg.add(voidGraph, t.getSubject(), t.getPredicate(), t.getObject());
        }));
        long voidSize = d.graph().size();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("quads", d.quads() + voidSize);
        counts.put("graphs", d.graphs() + (voidSize > 0 ? 1 : 0));
        counts.put("ontology", d.reservedGraphSizes().getOrDefault(AIH.node(AIH.GRAPH_ONTOLOGY), 0L));
        counts.put("shapes", d.reservedGraphSizes().getOrDefault(AIH.node(AIH.GRAPH_SHAPES), 0L));
        counts.put("data", d.reservedGraphSizes().getOrDefault(AIH.node(AIH.GRAPH_DATA), 0L));
        counts.put("inferred", d.reservedGraphSizes().getOrDefault(AIH.node(AIH.GRAPH_INFERRED), 0L));
        counts.put("void", voidSize);
        counts.put("union", d.unionTriples() + newInUnion[0]);
        return counts;
    }

    /**
     * Turns any failure of a build into a KG error, after removing the staging folder: a full disk is
     * {@code KG-STORE} with the path and the free space; errors already coded pass as they are.
     */
    private KgException failed(Throwable t, Path staging) {
        long free = freeSpace(staging);
        deleteQuietly(staging);
        if (t instanceof KgException k)
            return k;
        if (free >= 0 && free < DISK_FULL_BYTES || mentions(t, "No space left"))
            return new KgException(ErrorCode.STORE, String.format(Locale.ROOT,
                    "Disk full while building the store in %s: %,d bytes free on %s; the last good store stays current",
                    staging, free, fileStoreName(staging)), t);
        if (t instanceof OutOfMemoryError)
            return new KgException(ErrorCode.INTERNAL, "Out of memory while building the store (maximum heap "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): " + t.getMessage(), t);
        return new KgException(ErrorCode.STORE, "Cannot build the store in " + staging + ": " + t, t);
    }

    /**
     * Runs a loading phase (load, inference, index build) while watching the disk. When the disk fills, a
     * writer may die in a thread nobody waits for (Jena's bulk loaders' worker threads do, and their main
     * thread then waits for ever); a build must end instead. So the phase runs on its own thread, and if
     * the disk stays full (under 1 MiB free) for five seconds before it ends, the build stops as a full
     * disk (KG-STORE).
     */
    private <T> T watchingDisk(Path dir, Callable<T> phase) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(phase);
        Thread t = new Thread(task, "build-phase");
        t.setDaemon(true);
        t.start();
        int fullFor = 0;
        while (true) {
            try {
                return task.get(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                long free = freeSpace(dir);
                fullFor = free >= 0 && free < (1L << 20) ? fullFor + 1 : 0;
                if (fullFor >= 5)
                    throw new java.io.UncheckedIOException(new IOException(
                            "No space left on device: " + free + " bytes free for 5 s while loading"));
            } catch (ExecutionException e) {
                throw unwrap(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while building", e);
            }
        }
    }

    private long freeSpace(Path p) {
        try {
            return Files.getFileStore(Files.exists(p) ? p : root).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private String fileStoreName(Path p) {
        try {
            return Files.getFileStore(root).toString();
        } catch (IOException | RuntimeException e) {
            return root.toString();
        }
    }

    private static boolean mentions(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text))
                return true;
        }
        return false;
    }

    /** Renames a finished staging folder to its store name. */
    private Path publish(Path staging) {
        Path dir = root.resolve("db-" + staging.getFileName().toString().substring(STAGING.length()));
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new KgException(ErrorCode.STORE, "Cannot move " + staging + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes what a build that died (kill -9, power loss) left: it holds the lock, so none is running. */
    private void removeStaging() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, STAGING + "*")) {
            for (Path p : ds) {
                listener.step("Removing an unfinished build: " + p);
                deleteQuietly(p);
            }
        } catch (IOException e) {
            listener.step("Could not clean unfinished builds in " + root + ": " + e.getMessage());
        }
    }

    private Path newStoreDir(String prefix, String hash) {
        try {
            Files.createDirectories(root);
            Path dir = root.resolve(prefix + STAMP.format(Instant.now()) + "-" + shortHash(hash));
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
