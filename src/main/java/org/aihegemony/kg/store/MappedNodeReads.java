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
 * <p>
 * Writes have the same cost the other way: Jena writes a new node a Thrift field at a time, and each of
 * those writes asks the file for its length, a system call (a 1 M-quad load spent about 10 s in them).
 * {@link #bufferWrites} puts a write buffer with a length of its own in front of the file while a new
 * store is loaded in one write transaction.
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
     * now (call outside a transaction, or in a read transaction). Returns whether it did; a dataset that is
     * not TDB2, or a Jena whose internals differ, is left as it was.
     */
    public static boolean install(DatasetGraph dsg) {
        TReadAppendFileTransport transport = transport(dsg);
        if (transport == null)
            return false;
        Path path = Path.of(TDBInternal.getDatasetGraphTDB(dsg).getLocation().getDirectoryPath(), "nodes-data.obj");
        try {
            BinaryDataFile current = (BinaryDataFile) FILE.get(transport);
            BinaryDataFile original = current instanceof MappedNodeReads m ? m.file : current;
            // The committed length is what a read transaction sees.
            MappedNodeReads reads = dsg.isInTransaction() ? new MappedNodeReads(original, path)
                    : Txn.calculateRead(dsg, () -> mapped(original, path));
            // A reader on another thread sees the old file or the new one: both read the same bytes.
            FILE.set(transport, reads);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.warn("Node file reads stay unmapped ({}): {}", path, e.toString());
            return false;
        }
    }

    /** The mapped reads installed in a TDB2 dataset's node table, or null. */
    static MappedNodeReads installed(DatasetGraph dsg) {
        TReadAppendFileTransport transport = transport(dsg);
        try {
            return transport != null && FILE.get(transport) instanceof MappedNodeReads m ? m : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * Buffers the writes to a TDB2 dataset's node file (also {@code NodeTableTRDF.diskFile}, whose length
     * names each new node) until the returned action runs, which writes what is buffered and puts Jena's
     * file back. Call inside a write transaction, and run the action before the commit (or the abort), on
     * the same thread. Where the internals differ, nothing changes and the action does nothing.
     */
    static Runnable bufferWrites(DatasetGraph dsg) {
        TReadAppendFileTransport transport = transport(dsg);
        if (transport == null || DISK_FILE == null)
            return () -> { };
        NodeTable base = TDBInternal.getDatasetGraphTDB(dsg).getQuadTable().getNodeTupleTable().getNodeTable().baseNodeTable();
        try {
            BinaryDataFile file = (BinaryDataFile) DISK_FILE.get(base);
            if (FILE.get(transport) != file)
                return () -> { };   // not the plain file (e.g. mapped reads installed): leave it
            BufferedWrites buffered = new BufferedWrites(file);
            DISK_FILE.set(base, buffered);
            FILE.set(transport, buffered);
            return () -> {
                buffered.flush();
                try {
                    DISK_FILE.set(base, file);
                    FILE.set(transport, file);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot put back the node file: " + e, e);
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Node file writes stay unbuffered: {}", e.toString());
            return () -> { };
        }
    }

    /** A write buffer in front of a node file, knowing its length without asking the file. */
    static final class BufferedWrites implements BinaryDataFile {
        private final BinaryDataFile file;
        private final byte[] buffer = new byte[1 << 20];
        private int buffered;
        private long written;

        BufferedWrites(BinaryDataFile file) {
            this.file = file;
            this.written = file.length();
        }

        synchronized void flush() {
            if (buffered > 0) {
                file.write(buffer, 0, buffered);
                written += buffered;
                buffered = 0;
            }
        }

        @Override
        public synchronized long write(byte[] b, int start, int length) {
            long at = written + buffered;
            if (buffered + length > buffer.length)
                flush();
            if (length > buffer.length) {
                file.write(b, start, length);
                written += length;
            } else {
                System.arraycopy(b, start, buffer, buffered, length);
                buffered += length;
            }
            return at;
        }

        @Override public synchronized long length() { return written + buffered; }

        @Override
        public synchronized int read(long posn, byte[] b, int start, int length) {
            flush();
            return file.read(posn, b, start, length);
        }

        @Override public synchronized void open() { file.open(); }
        @Override public synchronized boolean isOpen() { return file.isOpen(); }

        @Override
        public synchronized void truncate(long length) {
            flush();
            file.truncate(length);
            written = file.length();
        }

        @Override public synchronized void sync() { flush(); file.sync(); }
        @Override public synchronized void close() { flush(); file.close(); }
    }

    /** Jena 5.6.0's private fields this reaches: {@code NodeTableTRDF.transport}, {@code TReadAppendFileTransport.file}. */
    private static final Field TRANSPORT = field(NodeTableTRDF.class, "transport");
    private static final Field FILE = field(TReadAppendFileTransport.class, "file");
    private static final Field DISK_FILE = field(NodeTableTRDF.class, "diskFile");

    private static Field field(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Node file reads stay unmapped: no {}.{} in this Jena ({})", c.getSimpleName(), name, e.toString());
            return null;
        }
    }

    /** The node file's transport of a TDB2 dataset's node table, or null (not TDB2, or other internals). */
    private static TReadAppendFileTransport transport(DatasetGraph dsg) {
        if (TRANSPORT == null || FILE == null || !TDBInternal.isTDB2(dsg))
            return null;
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(dsg);
        NodeTable base = tdb.getQuadTable().getNodeTupleTable().getNodeTable().baseNodeTable();
        if (!(base instanceof NodeTableTRDF)
                || !Files.isRegularFile(Path.of(tdb.getLocation().getDirectoryPath(), "nodes-data.obj")))
            return null;
        try {
            return (TReadAppendFileTransport) TRANSPORT.get(base);
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
