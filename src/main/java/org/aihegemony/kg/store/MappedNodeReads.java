package org.aihegemony.kg.store;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.dboe.base.file.BinaryDataFile;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.nodetable.NodeTable;
import org.apache.jena.tdb2.store.nodetable.NodeTableTRDF;
import org.apache.jena.tdb2.store.nodetable.TReadAppendFileTransport;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a TDB2 store read its nodes from a memory mapping of its node file instead of one system call per
 * field.
 * <p>
 * TDB2 5.6 decodes a node that misses its cache (a million nodes) by Thrift straight from
 * {@code nodes-data.obj} through an unbuffered {@code RandomAccessFile}: a seek and a read for every byte
 * the decoder asks for (each field header, each length), while holding the node table's lock. Once a store
 * has more nodes than the cache, every pass over it (the checks, the shapes, the dumps) spends most of its
 * time in the kernel, and the threads queue on that lock: a 10 M build spent 1,388 s in system calls. The
 * node file is append-only and what a committed transaction wrote never changes, so the bytes present when
 * this is installed are read from a read-only mapping; anything later (or a read crossing a mapping
 * boundary) goes to Jena's file as before. Jena's decoder, cache and lock are unchanged.
 * <p>
 * This reaches into two private fields of Jena 5.6.0 ({@code NodeTableTRDF.transport},
 * {@code TReadAppendFileTransport.file}); if they are not there, {@link #install} changes nothing and
 * says so in the log.
 */
public final class MappedNodeReads implements BinaryDataFile {
    private static final Logger LOG = LoggerFactory.getLogger(MappedNodeReads.class);
    /** Mappings are at most 1 GiB and overlap by this much, so a read of up to this size never straddles two. */
    static final long OVERLAP = 16L << 20;
    private static final long CHUNK = 1L << 30;

    private final BinaryDataFile file;
    private final List<MappedByteBuffer> maps = new ArrayList<>();
    private final long mapped;

    private MappedNodeReads(BinaryDataFile file, Path path) throws IOException {
        this.file = file;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            mapped = Math.min(ch.size(), file.length());
            for (long start = 0; start < mapped; start += CHUNK)
                maps.add(ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(CHUNK + OVERLAP, mapped - start)));
        }
    }

    /**
     * Installs mapped reads of the node file into a TDB2 dataset's node table, covering what is committed
     * now (call outside a transaction, or in a read transaction). Returns whether it did; a dataset that is not TDB2, or a Jena
     * whose internals differ, is left as it was.
     */
    public static boolean install(DatasetGraph dsg) {
        DatasetGraphTDB tdb = TDBInternal.isTDB2(dsg) ? TDBInternal.getDatasetGraphTDB(dsg) : null;
        if (tdb == null)
            return false;
        NodeTable base = tdb.getQuadTable().getNodeTupleTable().getNodeTable().baseNodeTable();
        Path path = Path.of(tdb.getLocation().getDirectoryPath(), "nodes-data.obj");
        if (!(base instanceof NodeTableTRDF) || !Files.isRegularFile(path))
            return false;
        try {
            Field transportField = NodeTableTRDF.class.getDeclaredField("transport");
            transportField.setAccessible(true);
            TReadAppendFileTransport transport = (TReadAppendFileTransport) transportField.get(base);
            Field fileField = TReadAppendFileTransport.class.getDeclaredField("file");
            fileField.setAccessible(true);
            synchronized (transport) {
                BinaryDataFile current = (BinaryDataFile) fileField.get(transport);
                BinaryDataFile original = current instanceof MappedNodeReads m ? m.file : current;
                // The committed length is what a read transaction sees.
                MappedNodeReads reads = dsg.isInTransaction() ? new MappedNodeReads(original, path)
                        : Txn.calculateRead(dsg, () -> mapped(original, path));
                fileField.set(transport, reads);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.warn("Node file reads stay unmapped ({}): {}", path, e.toString());
            return false;
        }
    }

    /** The mapped reads installed in a TDB2 dataset's node table, or null. */
    static MappedNodeReads installed(DatasetGraph dsg) {
        if (!TDBInternal.isTDB2(dsg))
            return null;
        NodeTable base = TDBInternal.getDatasetGraphTDB(dsg).getQuadTable().getNodeTupleTable().getNodeTable().baseNodeTable();
        if (!(base instanceof NodeTableTRDF))
            return null;
        try {
            Field transportField = NodeTableTRDF.class.getDeclaredField("transport");
            transportField.setAccessible(true);
            Field fileField = TReadAppendFileTransport.class.getDeclaredField("file");
            fileField.setAccessible(true);
            return fileField.get(transportField.get(base)) instanceof MappedNodeReads m ? m : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Reads from the mapping only: false (nothing read) when the range is not all mapped in one piece. */
    boolean readMapped(long posn, byte[] b, int start, int length) {
        if (posn < 0 || posn + length > mapped)
            return false;
        int chunk = (int) (posn / CHUNK);
        long offset = posn - chunk * CHUNK;
        MappedByteBuffer map = maps.get(chunk);
        if (offset + length > map.limit())
            return false;
        map.get((int) offset, b, start, length);
        return true;
    }

    private static MappedNodeReads mapped(BinaryDataFile file, Path path) {
        try {
            return new MappedNodeReads(file, path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How many bytes of the node file are read from the mapping. */
    long mappedLength() { return mapped; }

    @Override
    public int read(long posn, byte[] b, int start, int length) {
        return readMapped(posn, b, start, length) ? length : file.read(posn, b, start, length);
    }

    @Override public void open() { file.open(); }
    @Override public boolean isOpen() { return file.isOpen(); }
    @Override public long write(byte[] b, int start, int length) { return file.write(b, start, length); }
    @Override public long length() { return file.length(); }
    @Override public void truncate(long length) { file.truncate(length); }
    @Override public void sync() { file.sync(); }
    @Override public void close() { maps.clear(); file.close(); }
}
