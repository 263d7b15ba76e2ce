package org.aihegemony.kg.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;

/**
 * One file of the knowledge graph's sources. Its content is read when asked for, not when the set is
 * listed: a data file may be gigabytes, and the build streams it (see {@link #open()}).
 *
 * @param path the path relative to the sources root, with '/' separators (e.g. {@code rdf/us.trig})
 * @param kind what the file contributes to the store
 * @param file where the content is (a file, or an entry of the jar's file system)
 */
public record SourceFile(String path, Kind kind, Path file) {

    public enum Kind {
        /** {@code ontology/*.ttl}: loaded into the ontology graph. */
        ONTOLOGY,
        /** {@code ontology/shapes/*.ttl}: SHACL shapes, loaded into the shapes graph and validated against. */
        SHAPES,
        /** {@code rdf/*}: the data; a TriG file's named graphs keep their names. */
        DATA,
        /** {@code queries/checks/*-violation.rq}: data checks; each row found is a violation. */
        CHECK,
        /** {@code queries/*.rq}: saved queries (not part of the store). */
        QUERY,
        /** {@code contexts/*}: local copies of JSON-LD contexts, listed in {@code contexts/catalog.txt}. */
        CONTEXT
    }

    /** The whole content; for the small files (queries, checks, contexts) and tests. */
    public byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KgException(ErrorCode.SOURCES, "Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** A stream over the content, for parsing and hashing large files. */
    public InputStream open() {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new KgException(ErrorCode.SOURCES, "Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The size in bytes. */
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The file name without folders. */
    public String fileName() {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }

    /** Whether the file goes into the store (and so into its content hash). */
    public boolean feedsStore() {
        return kind != Kind.QUERY;
    }
}
