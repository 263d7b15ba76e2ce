package org.aihegemony.kg.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.system.Txn;

/**
 * Reads the allowed values of a parameter declared {@code #+ enumerate: - name} from the store: the
 * distinct values the query's own pattern gives the parameter's variable (other parameters unbound), as
 * grlc does against its endpoint — but on the parsed pattern, not by rewriting text.
 */
public final class StoreValues {
    /** The most values listed for one parameter. */
    static final int LIMIT = 1000;

    private StoreValues() {}

    /** The template with every store-enumerated parameter's allowed values filled in. */
    public static QueryTemplate resolve(QueryTemplate t, Dataset ds, Duration timeout) {
        QueryTemplate out = t;
        for (QueryParameter p : t.parameters())
            if (p.fromStore())
                out = out.with(p.withAllowed(read(t, p, ds, timeout), true));
        return out;
    }

    static List<String> read(QueryTemplate t, QueryParameter p, Dataset ds, Duration timeout) {
        Query source = t.query();
        if (source.getQueryPattern() == null)
            throw new KgException(ErrorCode.QUERY_SYNTAX, t.path() + ": #+ enumerate: " + p.name()
                    + " has no WHERE pattern to read its values from; list them in the header");
        Var v = Var.alloc(p.variable());
        Query q = new Query();
        q.setQuerySelectType();
        q.setPrefixMapping(source.getPrefixMapping());
        q.setDistinct(true);
        q.addResultVar(v);
        q.setQueryPattern(source.getQueryPattern());
        q.addOrderBy(v, Query.ORDER_ASCENDING);
        q.setLimit(LIMIT);
        Set<String> values = new LinkedHashSet<>();
        try {
            Txn.executeRead(ds, () -> {
                try (QueryExecution qe = QueryExecution.dataset(ds).query(q)
                        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build()) {
                    ResultSet rs = qe.execSelect();
                    while (rs.hasNext()) {
                        Node n = rs.nextBinding().get(v);
                        if (n != null && p.type().accepts(n))
                            values.add(ParameterType.text(n));
                    }
                }
            });
        } catch (QueryCancelledException e) {
            throw new KgException(ErrorCode.QUERY_TIMEOUT, t.path() + ": listing the values of " + p.name()
                    + " timed out after " + timeout.toMillis() + " ms", e);
        }
        return new ArrayList<>(values);
    }
}
