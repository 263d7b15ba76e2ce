package org.aihegemony.kg.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.query.text.TextQuery;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * An opened store: the TDB2 dataset of a built folder, set up as every reader needs it — the default
 * graph is the union of the named graphs, queries stop at the time limit, and SERVICE is refused
 * (otherwise a query could make the server fetch any URL).
 */
public final class KgStore implements AutoCloseable {
    private final StoreInfo info;
    private final Dataset dataset;
    private final TextIndex textIndex;

    private KgStore(StoreInfo info, Dataset dataset, TextIndex textIndex) {
        this.info = info;
        this.dataset = dataset;
        this.textIndex = textIndex;
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
        // Full-text search (issue 13): text:query finds the index in the dataset's context, so the dataset
        // stays TDB2's own (its query engine and union default graph apply unchanged).
        TextIndex text = null;
        if (TextIndexes.exists(info.dir())) {
            text = TextIndexes.openReadOnly(info.dir());
            ds.getContext().set(TextQuery.textIndex, text);
        }
        return new KgStore(info, ds, text);
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

    /** The store's full-text index, if it has one (stores built before issue 13 have none). */
    public Optional<TextIndex> textIndex() { return Optional.ofNullable(textIndex); }

    @Override
    public void close() {
        if (textIndex != null)
            textIndex.close();
        TDBInternal.expel(dataset.asDatasetGraph());
    }
}
