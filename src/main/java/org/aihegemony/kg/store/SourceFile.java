package org.aihegemony.kg.store;

import java.nio.charset.StandardCharsets;

/**
 * One file of the knowledge graph's sources.
 *
 * @param path  the path relative to the sources root, with '/' separators (e.g. {@code rdf/us.trig})
 * @param kind  what the file contributes to the store
 * @param bytes the file's content
 */
public record SourceFile(String path, Kind kind, byte[] bytes) {

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
        QUERY
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
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
