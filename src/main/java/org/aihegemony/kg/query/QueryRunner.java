package org.aihegemony.kg.query;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.resultset.ResultsWriter;
import org.apache.jena.system.Txn;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.RowSetStream;

/** Runs one SPARQL query over a dataset and writes the answer in a chosen format. */
public final class QueryRunner {
    private QueryRunner() {}

    /** Parses a query, naming its source in the error. */
    public static Query parse(String text, String source) {
        try {
            return QueryFactory.create(text);
        } catch (QueryParseException e) {
            throw new KgException(ErrorCode.QUERY_SYNTAX, source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the query in a read transaction and writes its answer. The answer is computed in full before
     * anything is written, so a timeout never leaves half an answer behind.
     *
     * @param timeoutMillis the time limit, or 0 for the dataset's own
     */
    public static void run(Dataset ds, Query query, ResultFormat format, OutputStream out, long timeoutMillis) {
        try {
            Txn.executeRead(ds, () -> {
                try (QueryExecution qe = QueryExecution.dataset(ds).query(query)
                        .timeout(timeoutMillis > 0 ? timeoutMillis : -1, TimeUnit.MILLISECONDS).build()) {
                    if (query.isSelectType()) {
                        ResultSetRewindable rs = ResultSetFactory.copyResults(qe.execSelect());
                        writeSelect(rs, query, format, out);
                    } else if (query.isAskType()) {
                        boolean b = qe.execAsk();
                        if (format == ResultFormat.TABLE || format.isRdf())
                            ResultSetFormatter.out(out, b);
                        else
                            ResultsWriter.create().lang(format.resultLang).build().write(out, b);
                    } else if (query.isConstructType() || query.isDescribeType()) {
                        Model m = query.isConstructType() ? qe.execConstruct() : qe.execDescribe();
                        RDFDataMgr.write(out, m, format.isRdf() ? format.rdfFormat : ResultFormat.TURTLE.rdfFormat);
                    } else {
                        throw new KgException(ErrorCode.QUERY_SYNTAX, "Only SELECT, ASK, CONSTRUCT and DESCRIBE are supported");
                    }
                }
            });
        } catch (QueryCancelledException e) {
            throw new KgException(ErrorCode.QUERY_TIMEOUT, "Query timed out after " + timeoutMillis + " ms", e);
        }
    }

    /** One page of a SELECT's rows, and whether more follow. */
    public record Page(List<String> vars, List<Binding> rows, boolean more) {
        /** The rows as a result set, to write in any format. */
        public ResultSet resultSet() {
            return ResultSet.adapt(RowSetStream.create(Var.varList(vars), rows.iterator()));
        }
    }

    /**
     * Runs a SELECT narrowed to a page ({@link Paging#apply}, which asks for one row more than the page)
     * and returns the page's rows.
     */
    public static Page selectPage(Dataset ds, Query query, Paging paging, long timeoutMillis) {
        Query q = paging.apply(query);
        try {
            return Txn.calculateRead(ds, () -> {
                try (QueryExecution qe = QueryExecution.dataset(ds).query(q)
                        .timeout(timeoutMillis > 0 ? timeoutMillis : -1, TimeUnit.MILLISECONDS).build()) {
                    ResultSet rs = qe.execSelect();
                    List<Binding> rows = new ArrayList<>();
                    while (rs.hasNext())
                        rows.add(rs.nextBinding());
                    boolean more = paging.limited() && rows.size() > paging.limit();
                    if (more)
                        rows = new ArrayList<>(rows.subList(0, (int) paging.limit()));
                    return new Page(rs.getResultVars(), rows, more);
                }
            });
        } catch (QueryCancelledException e) {
            throw new KgException(ErrorCode.QUERY_TIMEOUT, "Query timed out after " + timeoutMillis + " ms", e);
        }
    }

    /** Writes a page of rows in a table format. */
    public static void write(Page page, Query query, ResultFormat format, OutputStream out) {
        writeSelect(page.resultSet(), query, format, out);
    }

    private static void writeSelect(ResultSet rs, Query query, ResultFormat format, OutputStream out) {
        if (format == ResultFormat.TABLE || format.isRdf())
            ResultSetFormatter.out(out, rs, query.getPrologue());
        else
            ResultsWriter.create().lang(format.resultLang).build().write(out, rs);
    }
}
