package org.aihegemony.kg.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;

/**
 * One build at a time per store root: an OS lock on {@code build.lock} in the root, which names its
 * holder (pid, start). The OS releases it when the holder dies (even by kill -9), so it never goes stale;
 * the file itself stays. A second build waits up to a bound, then refuses with the holder's name.
 */
final class BuildLock implements AutoCloseable {
    static final String FILE = "build.lock";
    /** Roots locked by this JVM (the OS lock is per process, so threads check here first). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private BuildLock(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    static BuildLock acquire(Path root, Duration wait, BuildListener listener) {
        Path file = root.resolve(FILE);
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        boolean here = false;
        try {
            Files.createDirectories(root);
            while (true) {
                here = !HELD.add(root);
                if (!here) {
                    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock l = null;
                    try {
                        l = ch.tryLock();
                    } catch (OverlappingFileLockException e) {
                        l = null;
                    }
                    if (l != null) {
                        ch.truncate(0);
                        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started " + Instant.now() + "\n")
                                .getBytes(StandardCharsets.UTF_8)), 0);
                        ch.force(false);
                        return new BuildLock(root, ch, l);
                    }
                    ch.close();
                    HELD.remove(root);
                }
                if (System.nanoTime() >= deadline)
                    throw new KgException(ErrorCode.STORE, "Another build is running on the store " + root + " ("
                            + holder(file, here) + ", lock " + file + "); try again when it has finished");
                if (!told) {
                    listener.step("Waiting for another build on " + root + " (" + holder(file, here) + ") ...");
                    told = true;
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KgException(ErrorCode.STORE, "Interrupted while waiting for the lock " + file, e);
        }
    }

    /** Who holds the lock: read from the file, except in this process (closing a file releases its locks). */
    static String holder(Path file, boolean thisProcess) {
        if (thisProcess)
            return "a build in this process";
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "holder unknown" : s;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
        } finally {
            HELD.remove(root);
        }
    }
}
