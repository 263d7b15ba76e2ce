package org.aihegemony.kg.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;

/**
 * File operations on built stores that never write into the store they read: the recovery check, a
 * sparse copy into a temporary folder, and the single-file archive ({@code build --archive}).
 * <p>
 * TDB2 preallocates its index files in 8 MiB segments that are mostly holes (a 10,000-quad store is
 * 195 MB apparent, 6 MB on disk); every copy here skips all-zero blocks, so the copy stays as small
 * on disk as the original.
 */
public final class StoreFiles {
    /** TDB2's lock file: created by whoever opens the folder; never copied (its PID means nothing elsewhere). */
    static final String LOCK = "tdb.lock";
    /** TDB2's write-ahead journal, one per {@code Data-NNNN} folder; empty when every write was completed. */
    static final String JOURNAL = "journal.jrnl";
    private static final int BLOCK = 64 * 1024;

    private StoreFiles() {}

    /**
     * Fails with a KG-STORE error naming the file when the store holds an unfinished TDB2 write: a
     * non-empty journal, which TDB2 would replay into the store's files when it opens them. A server
     * that must not write into the store cannot do that.
     */
    public static void requireNoRecovery(Path storeDir) {
        try (Stream<Path> s = Files.list(storeDir)) {
            for (Path data : s.filter(p -> p.getFileName().toString().matches("Data-\\d+") && Files.isDirectory(p)).toList()) {
                Path journal = data.resolve(JOURNAL);
                if (Files.isRegularFile(journal) && Files.size(journal) > 0)
                    throw new KgException(ErrorCode.STORE, "The store " + storeDir + " needs recovery: " + journal
                            + " holds " + Files.size(journal) + " bytes of an unfinished write (the store was copied or"
                            + " stopped while being written). Recovery writes into the store, which serving read-only"
                            + " never does: build the store again ('build --force'), or ship a complete copy.");
            }
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot read the store " + storeDir + ": " + e.getMessage(), e);
        }
    }

    /** A new, empty temporary folder (under {@code java.io.tmpdir}) for runtime copies of a store. */
    static Path newTempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot create a temporary folder in "
                    + System.getProperty("java.io.tmpdir") + " (set -Djava.io.tmpdir): " + e.getMessage(), e);
        }
    }

    /** Copies a store folder's TDB2 files and its build record (not the lock, nor the dumps) to {@code to}. */
    static void copyDatabase(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path rel = from.relativize(p);
                if (rel.toString().isEmpty())
                    continue;
                String top = rel.getName(0).toString();
                boolean wanted = top.matches("Data-\\d+") || top.equals(StoreInfo.FILE) || top.endsWith(".cfg") || top.endsWith(".opt");
                if (!wanted || p.getFileName().toString().equals(LOCK))
                    continue;
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p))
                    Files.createDirectories(target);
                else
                    try (InputStream in = Files.newInputStream(p)) {
                        writeSparse(in, target, Files.size(p));
                    }
            }
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot copy the store " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code size} bytes from {@code in} to a new file, leaving holes where a block is all zeros. */
    static void writeSparse(InputStream in, Path target, long size) throws IOException {
        Files.createDirectories(target.getParent());
        byte[] buf = new byte[BLOCK];
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = 0;
            int n;
            while ((n = in.readNBytes(buf, 0, BLOCK)) > 0) {
                if (!allZero(buf, n))
                    ch.write(ByteBuffer.wrap(buf, 0, n), pos);
                pos += n;
            }
            if (size >= 0 && pos != size)
                throw new IOException("expected " + size + " bytes, read " + pos + ": " + target);
            ch.truncate(pos);
            if (ch.size() < pos)
                ch.write(ByteBuffer.allocate(1), pos - 1);   // the file ends in a hole: set its length
        }
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++)
            if (b[i] != 0)
                return false;
        return true;
    }

    /**
     * Writes the store (its {@code CURRENT} pointer and the folder it names, without lock files) as one
     * zip archive that {@code serve --store FILE.zip} serves unchanged. Written beside the target and
     * renamed into place, so a replica never sees half an archive.
     */
    public static Path writeArchive(StoreInfo store, Path archive) {
        Path dir = store.dir();
        Path tmp = archive.toAbsolutePath().resolveSibling(archive.getFileName() + ".tmp");
        try {
            if (tmp.getParent() != null)
                Files.createDirectories(tmp.getParent());
            try (OutputStream fo = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(fo);
                    Stream<Path> walk = Files.walk(dir)) {
                zip.putNextEntry(new ZipEntry(StoreBuilder.CURRENT));
                zip.write((dir.getFileName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
                List<Path> files = new ArrayList<>(walk.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().equals(LOCK)).sorted().toList());
                for (Path f : files) {
                    String name = dir.getFileName() + "/" + dir.relativize(f).toString().replace('\\', '/');
                    zip.putNextEntry(new ZipEntry(name));
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
            Files.move(tmp, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return archive;
        } catch (IOException e) {
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            throw new KgException(ErrorCode.STORE, "Cannot write the archive " + archive + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks an archive written by {@link #writeArchive} into {@code to} (a store root: CURRENT and one folder). */
    static void extractArchive(Path archive, Path to) {
        try (InputStream fi = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(fi)) {
            ZipEntry e;
            boolean current = false;
            while ((e = zip.getNextEntry()) != null) {
                Path target = to.resolve(e.getName()).normalize();
                if (!target.startsWith(to) || e.getName().contains(".."))
                    throw new IOException("entry outside the store: " + e.getName());
                current |= e.getName().equals(StoreBuilder.CURRENT);
                if (e.isDirectory())
                    Files.createDirectories(target);
                else
                    writeSparse(zip, target, -1);
            }
            if (!current)
                throw new IOException("not a store archive (no " + StoreBuilder.CURRENT + " entry); write one with 'build --archive FILE'");
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot read the store archive " + archive + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder tree, ignoring what cannot be deleted. */
    static void deleteTree(Path dir) {
        StoreBuilder.deleteQuietly(dir);
    }
}
