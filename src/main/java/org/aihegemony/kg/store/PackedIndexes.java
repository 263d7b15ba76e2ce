package org.aihegemony.kg.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.jena.atlas.lib.tuple.TupleMap;
import org.apache.jena.dboe.base.record.Record;
import org.apache.jena.dboe.base.record.RecordFactory;
import org.apache.jena.dboe.trans.bplustree.BPlusTree;
import org.apache.jena.dboe.trans.bplustree.BPlusTreeParams;
import org.apache.jena.dboe.trans.bplustree.rewriter.BPlusTreeRewriter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.TxnType;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.loader.base.CoLib;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.NodeIdFactory;
import org.apache.jena.tdb2.store.nodetable.NodeTable;
import org.apache.jena.tdb2.store.tupletable.TupleIndex;
import org.apache.jena.tdb2.store.tupletable.TupleIndexRecord;
import org.apache.jena.tdb2.sys.SystemTDB;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * Builds a new TDB2 store's quad indexes the way Jena's {@code tdb2.xloader} does: sort the quads' node
 * ids in each index's order, then write each B+tree bottom up ({@link BPlusTreeRewriter}), block after
 * block, instead of inserting quad by quad into six trees, most of it at random places.
 * <p>
 * Quads are spooled as node ids (32 bytes each) to a work file while the sources are parsed
 * ({@link Spool}: nodes go into the store's node table as usual, in the caller's write transaction).
 * Each index is then sorted from that file in runs of at most {@link #RUN} quads (one array of
 * {@code RUN * 4} longs, 32 MiB, whatever the data's size), the runs merged from disk, duplicates dropped;
 * up to {@link #THREADS} indexes at once, each with an array of its own.
 * The indexes must be empty (a new store): B+tree packing writes the tree from its first block. Jena's
 * dataset object still holds the trees' old state afterwards, so the caller must expel and reconnect it.
 */
final class PackedIndexes {
    private PackedIndexes() {}

    /** Quads sorted in memory at once; longer inputs are sorted in runs of this many and merged. */
    static int RUN = 1 << 20;

    /** Nodes in each generation of a {@link Spool}'s recent ids (two generations: at most twice this many). */
    static final int RECENT_IDS = 100_000;

    /** Writes quads, as node ids allocated in the store's node table, to a work file. */
    static final class Spool implements AutoCloseable {
        /** The store's node table below Jena's cache (see {@link #id}). */
        private final NodeTable nodes;
        /** Ids of recently seen nodes, two generations of at most {@link #RECENT_IDS} each. */
        private HashMap<Node, Long> recent = new HashMap<>(), older = new HashMap<>();
        private final DataOutputStream out;
        private final Path file;
        private final byte[] id = new byte[NodeId.SIZE];
        private long quads;

        /**
         * A spool into {@code file} (a new file, or {@code append} to one) for {@code dsg}'s node table;
         * add quads only inside a write transaction.
         */
        Spool(DatasetGraph dsg, Path file, boolean append) {
            this.nodes = TDBInternal.getDatasetGraphTDB(dsg).getQuadTable().getNodeTupleTable().getNodeTable().baseNodeTable();
            this.file = file;
            try {
                this.out = new DataOutputStream(new BufferedOutputStream(append
                        ? Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                        : Files.newOutputStream(file), 1 << 18));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        void add(Node g, Node s, Node p, Node o) {
            try {
                out.writeLong(id(g));
                out.writeLong(id(s));
                out.writeLong(id(p));
                out.writeLong(id(o));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
            }
            quads++;
        }

        /**
         * A node's id, allocated when new: what Jena's node table stack does (a value that fits is its own
         * id, {@code NodeTableInline}; the others are looked up in the node table, {@code NodeTableNative}),
         * with the recently seen nodes remembered here instead of in Jena's cache ({@code NodeTableCache}), whose
         * bookkeeping on every new node (Caffeine's admission and eviction) cost this thread — which every
         * parsed quad goes through — a third of the time it spent on ids. Jena's cache is left out entirely,
         * so it cannot remember a node as absent that this spool then adds; the store is closed and opened
         * again after the load.
         */
        private long id(Node n) {
            Long known = recent.get(n);
            if (known != null)
                return known;
            known = older.get(n);
            if (known == null) {
                NodeId inline = NodeId.inline(n);
                known = asLong(inline != null ? inline : nodes.getAllocateNodeId(n));
            }
            if (recent.size() >= RECENT_IDS) {
                older = recent;
                recent = new HashMap<>();
            }
            recent.put(n, known);
            return known;
        }

        /** A node's id as spooled, or -1 if the node table does not hold it (in the spool's transaction). */
        long existingId(Node n) {
            NodeId inline = NodeId.inline(n);
            NodeId nid = inline != null ? inline : nodes.getNodeIdForNode(n);
            return NodeId.isDoesNotExist(nid) ? -1 : asLong(nid);
        }

        private long asLong(NodeId nid) {
            NodeIdFactory.set(nid, id, 0);
            long v = 0;
            for (byte b : id)
                v = (v << 8) | (b & 0xFF);
            return v;
        }

        /** The spool as a stream: quads as they are, triples into {@code graph}. */
        StreamRDF stream(Node graph) {
            return new StreamRDFBase() {
                @Override public void triple(Triple t) { add(graph, t.getSubject(), t.getPredicate(), t.getObject()); }
                @Override public void quad(Quad q) { add(q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject()); }
            };
        }

        /** Quads added so far (duplicates included). */
        long quads() { return quads; }

        Path file() { return file; }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs {@code body} with a spool into {@code file} (new, or {@code append}) in one write transaction on
     * {@code dsg}, the node file's writes buffered ({@link MappedNodeReads#bufferWrites}): committed when
     * {@code body} returns, aborted when it throws. Returns how many quads it spooled.
     */
    static long spool(DatasetGraph dsg, Path file, boolean append, Consumer<Spool> body) {
        dsg.begin(TxnType.WRITE);
        Runnable unbuffer = MappedNodeReads.bufferWrites(dsg);
        try {
            long quads;
            try (Spool spool = new Spool(dsg, file, append)) {
                body.accept(spool);
                quads = spool.quads();
            }
            unbuffer.run();
            dsg.commit();
            return quads;
        } catch (RuntimeException | Error e) {
            try {
                unbuffer.run();
            } finally {
                dsg.abort();
            }
            throw e;
        } finally {
            dsg.end();
        }
    }

    /**
     * Builds every quad index of {@code dsg} (empty, outside any transaction) from a closed spool's file
     * of {@code quads} quads; returns the distinct quads. Work files go beside the spool and are removed.
     */
    static long build(DatasetGraph dsg, Path spool, long quads, BuildProgress progress) {
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(dsg);
        List<TupleIndex> indexes = List.of(tdb.getQuadTable().getNodeTupleTable().getTupleTable().getIndexes());
        return packAll(indexes, List.of(spool), quads, null, progress);
    }

    /** The graphs {@link #build(DatasetGraph, Path, long, Path, long, Graphs, BuildProgress)} tells apart, as node ids. */
    record Graphs(long inferred, long shapes) { }

    /**
     * Builds every quad index of {@code dsg} (empty, outside any transaction) from a spool of the sources'
     * {@code quads} quads and a spool of {@code inferredQuads} entailments (quads of the graph
     * {@code graphs.inferred()}), dropping each entailment whose triple some graph other than the inferred
     * and the shapes graph asserts. The first index with the graph last is sorted first: there all quads of
     * one triple are adjacent, so the drop is decided there, and the quads it keeps are written to a work
     * file the other indexes are sorted from. Returns how many entailments the store holds.
     */
    static long build(DatasetGraph dsg, Path spool, long quads, Path inferred, long inferredQuads, Graphs graphs,
                      BuildProgress progress) {
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(dsg);
        List<TupleIndex> indexes = new ArrayList<>(List.of(tdb.getQuadTable().getNodeTupleTable().getTupleTable().getIndexes()));
        TupleIndex first = indexes.stream().filter(i -> i.getMapping().getSlotIdx(3) == 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("No quad index with the graph last in " + indexes));
        indexes.remove(first);
        indexes.add(0, first);
        long[] run = new long[(int) Math.min(quads + inferredQuads, RUN) * 4];
        Path kept = spool.resolveSibling(spool.getFileName() + ".kept");
        try {
            long t0 = System.nanoTime();
            DropAsserted drop = new DropAsserted(sorted(List.of(spool, inferred), quads + inferredQuads, first.getMapping(), run),
                    graphs, first.getMapping(), kept);
            long distinct = pack(first, drop);
            reportIndex(progress, first, distinct, t0);
            packAll(indexes.subList(1, indexes.size()), List.of(kept), distinct, run, progress);
            return drop.inferredKept;
        } finally {
            deleteQuietly(kept);
        }
    }

    /**
     * Threads that write indexes at once ({@link #packAll}): each sorts with a run array of its own
     * ({@link #RUN} quads, 32 MiB). Writing one index is one thread's work; with one at a time the other
     * core of a 2-core machine idled through the index phase of a build.
     */
    static int THREADS = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors()));

    /**
     * Writes each index (empty, outside any transaction; each in a transaction of its own, as Jena's parallel
     * loader does) from the same sorted {@code quads} quads of {@code spools}, on up to {@link #THREADS}
     * threads ({@link TaskThreads}); returns the distinct quads. If one fails, those not started are skipped,
     * those running are waited for, and the first failure is thrown. {@code callerRun}, if not null, is a run
     * array large enough for {@code quads} quads that this thread sorts with instead of making one.
     */
    private static long packAll(List<TupleIndex> indexes, List<Path> spools, long quads, long[] callerRun,
                                BuildProgress progress) {
        AtomicLong distinct = new AtomicLong();
        // a run array per thread, made when the thread takes its first index
        ThreadLocal<long[]> runs = ThreadLocal.withInitial(() -> new long[(int) Math.min(quads, RUN) * 4]);
        if (callerRun != null)
            runs.set(callerRun);
        try {
            TaskThreads.run(indexes.size(), Math.min(THREADS, indexes.size()) - 1, "kg-build-index", () -> { }, i -> {
                TupleIndex index = indexes.get(i);
                long t0 = System.nanoTime();
                distinct.set(pack(index, sorted(spools, quads, index.getMapping(), runs.get())));
                reportIndex(progress, index, distinct.get(), t0);
            });
        } finally {
            runs.remove();   // this thread's array; the others' went with their threads
        }
        return distinct.get();
    }

    private static void reportIndex(BuildProgress progress, TupleIndex index, long distinct, long t0) {
        progress.add(1);
        progress.step(String.format(Locale.ROOT, "Index %s: %,d quads in %.1f s", index.getName(), distinct,
                (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Sorted quads (graph last) less the entailments of triples asserted elsewhere; the quads kept are also
     * written, in GSPO order, to a work file.
     */
    private static final class DropAsserted implements SortedQuads {
        private final SortedQuads in;
        private final Graphs graphs;
        private final int[] slot = new int[4];
        private final DataOutputStream kept;
        private final Path keptFile;
        private final ArrayDeque<long[]> ready = new ArrayDeque<>();
        private final List<long[]> group = new ArrayList<>();
        private final long[] gspo = new long[4];
        private long[] ahead;
        long inferredKept;

        DropAsserted(SortedQuads in, Graphs graphs, TupleMap map, Path keptFile) {
            this.in = in;
            this.graphs = graphs;
            this.keptFile = keptFile;
            for (int i = 0; i < 4; i++)
                slot[i] = map.getSlotIdx(i);
            try {
                this.kept = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(keptFile), 1 << 18));
            } catch (IOException e) {
                in.close();
                throw new UncheckedIOException("Cannot write " + keptFile + ": " + e.getMessage(), e);
            }
            ahead = in.hasNext() ? in.next() : null;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && ahead != null)
                nextGroup();
            return !ready.isEmpty();
        }

        @Override
        public long[] next() {
            if (!hasNext())
                throw new NoSuchElementException();
            return ready.poll();
        }

        /** Reads the quads of one triple (the graph is the last column) and decides which to keep. */
        private void nextGroup() {
            group.clear();
            long[] head = ahead;
            group.add(head);
            ahead = null;
            while (in.hasNext()) {
                long[] q = in.next();
                if (q[0] != head[0] || q[1] != head[1] || q[2] != head[2]) {
                    ahead = q;
                    break;
                }
                group.add(q);
            }
            boolean asserted = false;
            for (long[] q : group)
                asserted |= q[3] != graphs.inferred() && q[3] != graphs.shapes();
            for (long[] q : group) {
                if (q[3] == graphs.inferred()) {
                    if (asserted)
                        continue;
                    inferredKept++;
                }
                ready.add(q);
                try {
                    for (int c = 0; c < 4; c++)
                        gspo[slot[c]] = q[c];
                    for (long v : gspo)
                        kept.writeLong(v);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write " + keptFile + ": " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void close() {
            try {
                kept.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + keptFile + ": " + e.getMessage(), e);
            } finally {
                in.close();
            }
        }
    }

    /**
     * Builds the quad indexes of the store in {@code dir} again, from a spool of {@code quads} quads (what
     * they hold now and more): their files are removed, the store connected (Jena makes them anew, empty)
     * and the indexes built. The store must not be connected when this is called, and is not after.
     */
    static long rebuild(Path dir, Path spool, long quads, BuildProgress progress) {
        DatasetGraph dsg = DatabaseMgr.connectDatasetGraph(dir.toString());
        List<String> names = new ArrayList<>();
        Path data;
        try {
            DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(dsg);
            data = Path.of(tdb.getLocation().getDirectoryPath());
            for (TupleIndex index : tdb.getQuadTable().getNodeTupleTable().getTupleTable().getIndexes())
                names.add(index.getName());
        } finally {
            TDBInternal.expel(dsg);
        }
        try {
            for (String name : names)
                for (String ext : List.of(".bpt", ".dat", ".idn"))
                    Files.deleteIfExists(data.resolve(name + ext));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the indexes in " + data + ": " + e.getMessage(), e);
        }
        dsg = DatabaseMgr.connectDatasetGraph(dir.toString());
        try {
            return build(dsg, spool, quads, progress);
        } finally {
            TDBInternal.expel(dsg);
        }
    }

    /** Writes the sorted, distinct records into an empty index, bottom up; returns how many. */
    private static long pack(TupleIndex index, SortedQuads quads) {
        try (quads) {
            BPlusTree bpt = (BPlusTree) ((TupleIndexRecord) index).getRangeIndex();
            RecordFactory rf = bpt.getRecordFactory();
            BPlusTreeParams params = new BPlusTreeParams(BPlusTreeParams.calcOrder(SystemTDB.BlockSize, rf), rf);
            long[] count = {0};
            Iterator<Record> records = new Iterator<>() {
                @Override public boolean hasNext() { return quads.hasNext(); }
                @Override public Record next() {
                    long[] q = quads.next();
                    byte[] key = new byte[4 * NodeId.SIZE];
                    for (int c = 0; c < 4; c++)
                        for (int b = 0; b < 8; b++)
                            key[c * 8 + b] = (byte) (q[c] >>> (56 - 8 * b));
                    count[0]++;
                    return rf.create(key);
                }
            };
            CoLib.executeWrite(index, () -> BPlusTreeRewriter.packIntoBPlusTree(records, params, rf,
                    bpt.getStateManager().getBufferChannel(), bpt.getNodeManager().getBlockMgr(),
                    bpt.getRecordsMgr().getBlockMgr()));
            return count[0];
        }
    }

    /** The spooled quads in an index's column order, sorted, each once. */
    private static SortedQuads sorted(List<Path> spools, long quads, TupleMap map, long[] run) {
        Path spool = spools.get(0);
        int[] slot = new int[4];
        for (int i = 0; i < 4; i++)
            slot[i] = map.getSlotIdx(i);
        List<Path> runs = new ArrayList<>();
        try (DataInputStream in = input(spools)) {
            long left = quads;
            long[] gspo = new long[4];
            while (left > 0) {
                int n = (int) Math.min(left, run.length / 4);
                for (int k = 0; k < n; k++) {
                    for (int c = 0; c < 4; c++)
                        gspo[c] = in.readLong();
                    for (int c = 0; c < 4; c++)
                        run[k * 4 + c] = gspo[slot[c]];
                }
                left -= n;
                sort(run, 0, n - 1);
                if (left == 0 && runs.isEmpty())
                    return new ArrayRun(run, n);
                Path f = Files.createTempFile(spool.getParent(), "run-", ".quads");
                runs.add(f);
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f), 1 << 18))) {
                    for (int i = 0; i < n * 4; i++)
                        out.writeLong(run[i]);
                }
            }
        } catch (IOException e) {
            runs.forEach(PackedIndexes::deleteQuietly);
            throw new UncheckedIOException("Cannot sort " + spool + ": " + e.getMessage(), e);
        }
        return new MergedRuns(runs);
    }

    private static DataInputStream input(Path f) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 18));
    }

    /** The files one after the other. */
    private static DataInputStream input(List<Path> files) throws IOException {
        if (files.size() == 1)
            return input(files.get(0));
        List<InputStream> ins = new ArrayList<>();
        try {
            for (Path f : files)
                ins.add(Files.newInputStream(f));
        } catch (IOException e) {
            for (InputStream i : ins)
                i.close();
            throw e;
        }
        return new DataInputStream(new BufferedInputStream(new SequenceInputStream(Collections.enumeration(ins)), 1 << 18));
    }

    /** Sorted quads, each once. */
    private interface SortedQuads extends Iterator<long[]>, AutoCloseable {
        @Override void close();
    }

    /** One sorted run in memory. */
    private static final class ArrayRun implements SortedQuads {
        private final long[] run;
        private final int n;
        private int k;

        ArrayRun(long[] run, int n) {
            this.run = run;
            this.n = n;
        }

        @Override public boolean hasNext() { return k < n; }

        @Override
        public long[] next() {
            if (k >= n)
                throw new NoSuchElementException();
            long[] q = {run[k * 4], run[k * 4 + 1], run[k * 4 + 2], run[k * 4 + 3]};
            do k++; while (k < n && compare(run, k, q) == 0);
            return q;
        }

        @Override public void close() { }
    }

    /** Sorted runs on disk, merged; the files are removed on close. */
    private static final class MergedRuns implements SortedQuads {
        private record Head(long[] q, DataInputStream in) { }

        private final List<Path> files;
        private final List<DataInputStream> inputs = new ArrayList<>();
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> compare(a.q, b.q));
        private long[] last;

        MergedRuns(List<Path> files) {
            this.files = files;
            try {
                for (Path f : files) {
                    DataInputStream in = input(f);
                    inputs.add(in);
                    advance(in);
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("Cannot merge sorted runs: " + e.getMessage(), e);
            }
        }

        private void advance(DataInputStream in) throws IOException {
            long[] q = new long[4];
            try {
                q[0] = in.readLong();
            } catch (EOFException end) {
                return;
            }
            for (int c = 1; c < 4; c++)
                q[c] = in.readLong();
            heads.add(new Head(q, in));
        }

        @Override
        public boolean hasNext() {
            while (!heads.isEmpty() && last != null && compare(heads.peek().q, last) == 0)
                take();
            return !heads.isEmpty();
        }

        @Override
        public long[] next() {
            if (!hasNext())
                throw new NoSuchElementException();
            return last = take();
        }

        private long[] take() {
            Head h = heads.poll();
            try {
                advance(h.in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot merge sorted runs: " + e.getMessage(), e);
            }
            return h.q;
        }

        @Override
        public void close() {
            for (DataInputStream in : inputs) {
                try { in.close(); } catch (IOException ignored) { }
            }
            files.forEach(PackedIndexes::deleteQuietly);
        }
    }

    /** Removes a work file; one that cannot be removed goes with the staging folder. */
    static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // A work file in the staging folder, removed with it.
        }
    }

    // Node ids compare as unsigned 64-bit numbers: the B+trees compare their big-endian bytes.

    static int compare(long[] a, long[] b) {
        for (int c = 0; c < 4; c++) {
            int x = Long.compareUnsigned(a[c], b[c]);
            if (x != 0)
                return x;
        }
        return 0;
    }

    private static int compare(long[] r, int i, long[] q) {
        for (int c = 0; c < 4; c++) {
            int x = Long.compareUnsigned(r[i * 4 + c], q[c]);
            if (x != 0)
                return x;
        }
        return 0;
    }

    private static int compare(long[] r, int i, int j) {
        for (int c = 0; c < 4; c++) {
            int x = Long.compareUnsigned(r[i * 4 + c], r[j * 4 + c]);
            if (x != 0)
                return x;
        }
        return 0;
    }

    private static void swap(long[] r, int i, int j) {
        for (int c = 0; c < 4; c++) {
            long t = r[i * 4 + c];
            r[i * 4 + c] = r[j * 4 + c];
            r[j * 4 + c] = t;
        }
    }

    /** Sorts quads {@code lo..hi} (inclusive) of a run: quicksort, median of three, insertion sort below 16. */
    static void sort(long[] r, int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            if (compare(r, mid, lo) < 0) swap(r, mid, lo);
            if (compare(r, hi, lo) < 0) swap(r, hi, lo);
            if (compare(r, hi, mid) < 0) swap(r, hi, mid);
            swap(r, mid, hi - 1);
            int pivot = hi - 1, i = lo, j = hi - 1;
            while (true) {
                while (compare(r, ++i, pivot) < 0) { }
                while (j > lo && compare(r, --j, pivot) > 0) { }
                if (i >= j)
                    break;
                swap(r, i, j);
            }
            swap(r, i, hi - 1);
            // Recurse into the smaller side, loop on the larger: the stack stays O(log n) deep.
            if (i - lo < hi - i) {
                sort(r, lo, i - 1);
                lo = i + 1;
            } else {
                sort(r, i + 1, hi);
                hi = i - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++)
            for (int j = i; j > lo && compare(r, j, j - 1) < 0; j--)
                swap(r, j, j - 1);
    }
}
