package org.aihegemony.kg.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.aihegemony.kg.store.TextIndexes;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.fuseki.servlets.SPARQL_QueryDataset;
import org.apache.jena.fuseki.servlets.ServletOps;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecDatasetBuilder;

/**
 * Fuseki's SPARQL query service with the server's bounds: the time limit runs from the moment the
 * query text is in hand, so it covers parsing as well as execution (a query that took the whole
 * limit to parse gets 503 instead of starting); the protocol's {@code timeout} parameter may shorten
 * the limit, never lengthen it; a query nested deeper than the limit gets 400 before it is parsed,
 * instead of overflowing the parser's stack. Over a store without a text index (built with
 * {@code --no-text-index}), a query that calls {@code text:query} gets 400 saying so, instead of Jena's
 * one empty row and a warning in the log.
 */
final class BoundedQueryService extends SPARQL_QueryDataset {
    private static final String STARTED = BoundedQueryService.class.getName() + ".started";
    private final long limitMillis;
    private final int maxDepth;
    private final boolean textIndex;

    BoundedQueryService(Duration limit, int maxDepth, boolean textIndex) {
        this.limitMillis = limit.toMillis();
        this.maxDepth = maxDepth;
        this.textIndex = textIndex;
    }

    @Override
    protected void execute(String queryString, HttpAction action) {
        action.getRequest().setAttribute(STARTED, System.nanoTime());
        if (queryString != null) {
            int depth = QueryDepth.of(queryString, maxDepth);
            if (depth > maxDepth)
                ServletOps.errorBadRequest("Query nested too deeply: more than " + maxDepth
                        + " levels of { }, ( ) or [ ] (the server's limit)");
        }
        try {
            super.execute(queryString, action);
        } catch (StackOverflowError e) {
            ServletOps.errorBadRequest("Query nested too deeply to evaluate");
        }
    }

    @Override
    protected void validateQuery(HttpAction action, Query query) {
        if (elapsedMillis(action) >= limitMillis)
            ServletOps.error(503, "Query timed out (limit " + seconds() + " s) while it was parsed");
        if (!textIndex && TextIndexes.callsTextQuery(query))
            ServletOps.errorBadRequest("text:query cannot be answered: " + TextIndexes.NO_INDEX);
    }

    @Override
    protected QueryExec createQueryExec(HttpAction action, Query query, DatasetGraph dataset) {
        long remaining = Math.max(1, limitMillis - elapsedMillis(action));
        String asked = action.getRequestParameter("timeout");
        if (asked != null) {
            try {
                long askedMillis = Math.round(Double.parseDouble(asked) * 1000);
                if (askedMillis > 0)
                    remaining = Math.min(remaining, askedMillis);
            } catch (NumberFormatException e) {
                ServletOps.errorBadRequest("Parameter 'timeout' must be a number of seconds: " + asked);
            }
        }
        QueryExecDatasetBuilder builder = QueryExec.newBuilder().dataset(dataset).query(query).context(action.getContext());
        builder.overallTimeout(remaining, TimeUnit.MILLISECONDS);
        return builder.build();
    }

    private static long elapsedMillis(HttpAction action) {
        Object started = action.getRequest().getAttribute(STARTED);
        return started instanceof Long t ? (System.nanoTime() - t) / 1_000_000 : 0;
    }

    private String seconds() {
        return limitMillis % 1000 == 0 ? Long.toString(limitMillis / 1000) : Double.toString(limitMillis / 1000.0);
    }
}
