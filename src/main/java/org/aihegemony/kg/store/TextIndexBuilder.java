package org.aihegemony.kg.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.text.Entity;
import org.apache.jena.query.text.EntityDefinition;
import org.apache.jena.query.text.TextDatasetFactory;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.query.text.TextQueryFuncs;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes the full-text index ({@link TextIndexes}) of a finished TDB2 store into its folder
 * ({@code text/}), once, when the store is built: the store never changes while served, so the index
 * never needs updating. Each distinct (subject, predicate, literal) of the indexed properties is one
 * document, whichever graphs state it; the shapes and VoID graphs are left out.
 */
public final class TextIndexBuilder {
    /** Written last: an index folder without it is incomplete. */
    static final String DONE = "index-complete";

    private TextIndexBuilder() {}

    /** Indexes the store in {@code storeDir} (already written and closed); returns the number of documents. */
    public static long build(Path storeDir, BuildListener listener) {
        if (listener != null)
            listener.step("Writing the full-text index");
        Dataset tdb = TDB2Factory.connectDataset(storeDir.toString());
        try {
            return build(tdb.asDatasetGraph(), storeDir.resolve(TextIndexes.DIR));
        } finally {
            TDBInternal.expel(tdb.asDatasetGraph());
        }
    }

    /** How many recently indexed triples are remembered, to skip one stated in several graphs (bounded memory). */
    static final int RECENT = 100_000;

    /**
     * Indexes a dataset into a new index folder, streaming: each indexed predicate's quads are read in the
     * store's order (predicate first, so the graphs stating one triple come together) and a triple is
     * skipped when it was indexed among the last {@link #RECENT} — nothing grows with the data.
     */
    static long build(DatasetGraph dsg, Path indexDir) {
        EntityDefinition def = TextIndexes.entityDefinition();
        Set<Node> skip = Set.of(AIH.node(AIH.GRAPH_SHAPES), AIH.node(AIH.GRAPH_VOID));
        Map<Triple, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Triple, Boolean> e) { return size() > RECENT; }
        };
        long[] docs = {0};
        try {
            Files.createDirectories(indexDir);
            try (FSDirectory dir = FSDirectory.open(indexDir)) {
                TextIndex index = TextDatasetFactory.createLuceneIndex(dir, TextIndexes.config());
                try {
                    Txn.executeRead(dsg, () -> {
                        TdbScan scan = TdbScan.open(dsg);
                        for (List<Node> predicates : TextIndexes.PREDICATES.values())
                            for (Node p : predicates)
                                scan.quadsWithPredicate(p).forEachRemaining(q -> {
                                    if (skip.contains(q.getGraph()) || !q.getObject().isLiteral())
                                        return;
                                    Triple t = q.asTriple();
                                    if (recent.put(t, Boolean.TRUE) != null)
                                        return;
                                    Entity e = TextQueryFuncs.entityFromQuad(def, Quad.create(Quad.defaultGraphNodeGenerated, t));
                                    if (e != null) {
                                        index.addEntity(e);
                                        docs[0]++;
                                    }
                                });
                    });
                    index.commit();
                } finally {
                    index.close();
                }
            }
            Files.deleteIfExists(indexDir.resolve("write.lock"));
            Files.writeString(indexDir.resolve(DONE), docs[0] + " documents\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot write the text index " + indexDir + ": " + e.getMessage(), e);
        }
        return docs[0];
    }
}
