package org.aihegemony.kg.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.query.text.TextQuery;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * An opened store: the TDB2 dataset of a built folder, set up as every reader needs it — the default
 * graph is the union of the named graphs, queries stop at the time limit, and SERVICE is refused
 * (otherwise a query could make the server fetch any URL).
 */
public final class KgStore implements AutoCloseable {
    /**
     * The largest store, in quads as its {@code kg-build.properties} records, that {@link #openReadOnly}
     * holds in memory ({@link MemoryCopy}: the named graphs plus their union, materialised). That copy
     * takes about 170 bytes of heap a quad (1.8 MB for the article's 11,126 quads, measured with the
     * JVM's own heap figures), so 500,000 quads take about 85 MB of a replica's 256 MB heap; larger stores
     * are served from a temporary copy on disk. The system property {@code aihegemony.inMemoryMaxQuads}
     * changes it.
     */
    public static final long IN_MEMORY_MAX_QUADS = Long.getLong("aihegemony.inMemoryMaxQuads", 500_000);

    private final StoreInfo info;
    private final Dataset dataset;
    /** A temporary folder this store owns and deletes on close (a copy or an unpacked archive), or null. */
    private final Path temp;
    private final String mode;
    /** The store's full-text index (issue 13), held in memory; null for stores built without one. */
    private final TextIndex textIndex;

    private KgStore(StoreInfo info, Dataset dataset) {
        this(info, dataset, null, "in place");
    }

    private KgStore(StoreInfo info, Dataset dataset, Path temp, String mode) {
        this.info = info;
        this.dataset = dataset;
        this.temp = temp;
        this.mode = mode;
        // Full-text search (issue 13): text:query finds the index in the dataset's context, so the dataset
        // keeps its own query engine (and, for TDB2, its union default graph).
        this.textIndex = TextIndexes.exists(info.dir()) ? TextIndexes.openReadOnly(info.dir()) : null;
        if (textIndex != null)
            dataset.getContext().set(TextQuery.textIndex, textIndex);
    }

    /** Opens the store that the root's CURRENT points to. */
    public static KgStore openCurrent(Path root, Duration timeout) {
        StoreInfo info = StoreBuilder.current(root.toAbsolutePath().normalize()).orElseThrow(() ->
                new KgException(ErrorCode.STORE, "No built store in " + root.toAbsolutePath() + "; run 'build' first"));
        return open(info, timeout);
    }

    public static KgStore open(StoreInfo info, Duration timeout) {
        Dataset ds;
        try {
            ds = TDB2Factory.connectDataset(info.dir().toString());
        } catch (RuntimeException e) {
            throw new KgException(ErrorCode.STORE, "Cannot open the store " + info.dir() + ": " + e.getMessage(), e);
        }
        configure(ds.getContext(), timeout);
        return new KgStore(info, ds);
    }

    /**
     * Opens a built store without writing anything into its folder, so that it may be read-only (a
     * mounted volume, a container image) and shared by any number of servers. TDB2 cannot open a folder
     * without writing to it (it creates {@code tdb.lock}, may create {@code Data-0001}, and replays an
     * unfinished journal), so the TDB2 files are first copied, sparsely, into a temporary folder; a store
     * of at most {@link #IN_MEMORY_MAX_QUADS} quads is then copied into memory ({@link MemoryCopy}: the
     * union default graph materialised once, no file access while serving) and the copy deleted; a larger one is served from
     * the copy, deleted on {@link #close}. A store with an unfinished write fails with KG-STORE.
     */
    public static KgStore openReadOnly(StoreInfo info, Duration timeout) {
        return openReadOnly(info, timeout, null);
    }

    /** Opens the store an archive written by {@code build --archive} holds, unpacked into a temporary folder. */
    public static KgStore openArchive(Path archive, Duration timeout) {
        if (!Files.isRegularFile(archive))
            throw new KgException(ErrorCode.STORE, "No store archive at " + archive.toAbsolutePath());
        Path unpacked = StoreFiles.newTempDir("aihegemony-kg-archive-");
        try {
            StoreFiles.extractArchive(archive, unpacked);
            StoreInfo info = StoreBuilder.current(unpacked).orElseThrow(() ->
                    new KgException(ErrorCode.STORE, "The archive " + archive + " holds no built store"));
            return openReadOnly(info, timeout, unpacked);
        } catch (RuntimeException e) {
            StoreFiles.deleteTree(unpacked);
            throw e;
        }
    }

    /**
     * {@code unpacked}: null to copy the store's folder first; else a temporary root this call owns
     * (an unpacked archive, holding {@code info.dir()}), opened where it is and deleted on close.
     */
    private static KgStore openReadOnly(StoreInfo info, Duration timeout, Path unpacked) {
        StoreFiles.requireNoRecovery(info.dir());
        Path copy = unpacked != null ? null : StoreFiles.newTempDir("aihegemony-kg-store-");
        Path tdbDir = unpacked != null ? info.dir() : copy;
        Dataset onDisk = null;
        try {
            if (copy != null)
                StoreFiles.copyDatabase(info.dir(), copy);
            onDisk = TDB2Factory.connectDataset(tdbDir.toString());
            // Immutable from here: every node is read from a mapping of the node file (copy or serve).
            MappedNodeReads.install(onDisk.asDatasetGraph());
            if (info.count("quads") > IN_MEMORY_MAX_QUADS) {
                configure(onDisk.getContext(), timeout);
                return new KgStore(info, onDisk, unpacked != null ? unpacked : copy, "temporary copy " + tdbDir);
            }
            // Issue 9: the named graphs in memory and their union materialised once as the default graph,
            // instead of TDB2 working the union out again on every pattern of every query.
            DatasetGraph from = onDisk.asDatasetGraph();
            Dataset memory = DatasetFactory.wrap(MemoryCopy.of(from));
            TDBInternal.expel(from);
            onDisk = null;
            if (copy != null)
                StoreFiles.deleteTree(copy);
            configure(memory.getContext(), timeout);
            // GROUP BY without ARQ's colliding binding hashes and per-row COUNT conversions (issue 9).
            QC.setFactory(memory.getContext(), GroupingExecutor.FACTORY);
            return new KgStore(info, memory, unpacked, "memory");
        } catch (RuntimeException e) {
            if (onDisk != null)
                TDBInternal.expel(onDisk.asDatasetGraph());
            if (copy != null)
                StoreFiles.deleteTree(copy);
            if (e instanceof KgException)
                throw e;
            throw new KgException(ErrorCode.STORE, "Cannot open the store " + info.dir() + ": " + e.getMessage(), e);
        }
    }

    /** The settings every dataset we serve or query gets. */
    public static void configure(Context cxt, Duration timeout) {
        cxt.set(TDB2.symUnionDefaultGraph, true);
        cxt.set(ARQ.httpServiceAllowed, false);
        if (timeout != null && !timeout.isZero() && !timeout.isNegative())
            cxt.set(ARQ.queryTimeout, Long.toString(timeout.toMillis()));
    }

    public StoreInfo info() { return info; }

    public Dataset dataset() { return dataset; }

    /** How the store is held: "in place", "memory", or "temporary copy DIR". */
    public String mode() { return mode; }

    /** The store's full-text index, if it has one (stores built before issue 13 have none). */
    public Optional<TextIndex> textIndex() { return Optional.ofNullable(textIndex); }

    @Override
    public void close() {
        if (textIndex != null)
            textIndex.close();
        if (TDBInternal.isTDB2(dataset.asDatasetGraph()))
            TDBInternal.expel(dataset.asDatasetGraph());
        if (temp != null)
            StoreFiles.deleteTree(temp);
    }
}
