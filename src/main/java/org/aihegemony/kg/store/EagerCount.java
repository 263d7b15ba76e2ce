package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.jena.atlas.iterator.IteratorDelayedInitialization;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpGroup;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.core.VarExprList;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprVar;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.expr.aggregate.AggCount;
import org.apache.jena.sparql.expr.aggregate.AggCountVar;
import org.apache.jena.sparql.expr.aggregate.Aggregator;
import org.apache.jena.util.iterator.ExtendedIterator;

/**
 * COUNT pushed below a join (eager aggregation): a GROUP BY whose keys are exactly the variables of one
 * triple pattern of a two-pattern BGP, and whose aggregates are only {@code COUNT(*)} or {@code COUNT(?v)},
 * is answered without making the join's rows. Each match of that pattern (the "row" pattern) is one group;
 * its count is the number of matches of the other pattern (the "counted" one) with the shared variables
 * bound, looked up once per distinct value of the shared variables. A match with no partner makes no
 * row in the join, so no group. The typical query is "how many facts has each labelled thing":
 * <pre>SELECT ?s ?l (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?l . ?s ?p ?o } GROUP BY ?s ?l</pre>
 * where ARQ makes one binding per (label, fact) pair (18,686 on the article) to count them per group.
 * <p>
 * Why the answer is the same: the row pattern's matches are distinct triples, and the keys are all its
 * variables, so distinct matches are distinct groups; the join's rows of a group are its match combined
 * with each match of the counted pattern under the shared bindings, all of whose variables are bound, so
 * {@code COUNT(*)} and {@code COUNT(?v)} of a variable of either pattern are that number, and
 * {@code COUNT(?v)} of any other variable is 0. Groups come out as {@link GroupingExecutor}'s do: key
 * variables in GROUP BY order, then the aggregates, so ORDER BY breaks ties as it would.
 * <p>
 * Declined (Jena's own grouping runs): any other operator under the GROUP BY, a pattern that repeats a
 * variable, keys that are expressions or are not exactly one pattern's variables, any other aggregate
 * (DISTINCT included), and input that is not the query's start (a group inside OPTIONAL, LATERAL or
 * a join with bindings from outside). Used by {@link GroupingExecutor}, so only on the in-memory copy.
 */
final class EagerCount {
    /** How many groupings took this path, for tests that must know which path ran. */
    static final AtomicLong USED = new AtomicLong();

    private final Triple rows;
    private final Triple counted;
    private final List<Var> keys;
    private final List<ExprAggregator> aggregators;
    /** Per aggregate: true when it counts every joined row, false when it counts an absent variable (0). */
    private final boolean[] countsRows;

    private EagerCount(Triple rows, Triple counted, List<Var> keys, List<ExprAggregator> aggregators, boolean[] countsRows) {
        this.rows = rows;
        this.counted = counted;
        this.keys = keys;
        this.aggregators = aggregators;
        this.countsRows = countsRows;
    }

    /** The plan for {@code op}, or null when it is not of the shape this class answers. */
    static EagerCount of(OpGroup op) {
        if (!(op.getSubOp() instanceof OpBGP bgp))
            return null;
        List<Triple> patterns = bgp.getPattern().getList();
        if (patterns.size() != 2)
            return null;
        VarExprList groupVars = op.getGroupVars();
        List<Var> keys = groupVars.getVars();
        Set<Var> keySet = new HashSet<>(keys);
        if (keys.isEmpty() || !groupVars.getExprs().isEmpty() || keySet.size() != keys.size())
            return null;
        Set<Var> first = vars(patterns.get(0));
        Set<Var> second = vars(patterns.get(1));
        if (first == null || second == null)
            return null;
        List<ExprAggregator> aggregators = op.getAggregators() == null ? List.of() : op.getAggregators();
        boolean[] countsRows = new boolean[aggregators.size()];
        for (int j = 0; j < countsRows.length; j++) {
            Aggregator a = aggregators.get(j).getAggregator();
            if (a.getClass() == AggCount.class) {
                countsRows[j] = true;
            } else if (a.getClass() == AggCountVar.class) {   // COUNT(DISTINCT ?v) is another class
                Expr e = a.getExprList().get(0);
                if (!(e instanceof ExprVar v))
                    return null;
                countsRows[j] = first.contains(v.asVar()) || second.contains(v.asVar());
            } else {
                return null;
            }
        }
        if (keySet.equals(first))
            return new EagerCount(patterns.get(0), patterns.get(1), keys, aggregators, countsRows);
        if (keySet.equals(second))
            return new EagerCount(patterns.get(1), patterns.get(0), keys, aggregators, countsRows);
        return null;
    }

    /** The pattern's variables, or null when one occurs twice (its matches are then not plain finds). */
    private static Set<Var> vars(Triple t) {
        Set<Var> out = new HashSet<>();
        for (Node n : new Node[] { t.getSubject(), t.getPredicate(), t.getObject() }) {
            if (Var.isVar(n) && !out.add(Var.alloc(n)))
                return null;
        }
        return out;
    }

    /**
     * The groups, one binding each, computed on first use over the context's active graph; {@code root},
     * the query's start (one empty row), is closed with them.
     */
    QueryIterator execute(QueryIterator root, ExecutionContext cxt) {
        USED.incrementAndGet();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean signal = cxt.getCancelSignal();
        Iterator<Binding> groups = new IteratorDelayedInitialization<>() {
            @Override
            protected Iterator<Binding> initializeIterator() {
                return groups(cxt.getActiveGraph(), () -> cancelled.get() || (signal != null && signal.get())).iterator();
            }
        };
        return new QueryIterOverInput(groups, root, cxt) {
            @Override
            protected void requestCancel() {
                cancelled.set(true);
                super.requestCancel();
            }
        };
    }

    private List<Binding> groups(Graph graph, BooleanSupplier cancelled) {
        Node[] rowPattern = nodes(rows);
        Node[] countPattern = nodes(counted);
        // Where each key variable, and each shared variable of the counted pattern, is in a row match.
        int[] keyAt = new int[keys.size()];
        for (int i = 0; i < keyAt.length; i++)
            keyAt[i] = position(rowPattern, keys.get(i));
        int[] sharedAt = new int[3];   // per position of the counted pattern: the row match's position, or -1
        for (int k = 0; k < 3; k++)
            sharedAt[k] = Var.isVar(countPattern[k]) ? position(rowPattern, Var.alloc(countPattern[k])) : -1;

        // The counts by the shared variables' values: keyed by the one value when one variable is shared.
        int shared = 0, onlyShared = -1;
        for (int k = 0; k < 3; k++) {
            if (sharedAt[k] >= 0) {
                shared++;
                onlyShared = k;
            }
        }
        boolean byNode = shared == 1;
        Map<Object, Long> countOf = new HashMap<>();
        Map<Long, Node> literalOf = new HashMap<>();   // counts repeat: one xsd:integer node each
        List<Binding> out = new ArrayList<>();
        Node[] lookup = new Node[3];
        ExtendedIterator<Triple> matches = graph.find(anyForVars(rowPattern[0]), anyForVars(rowPattern[1]), anyForVars(rowPattern[2]));
        try {
            long seen = 0;
            while (matches.hasNext()) {
                if ((++seen & 0x3FF) == 0 && cancelled.getAsBoolean())
                    throw new QueryCancelledException();
                Triple t = matches.next();
                Node[] match = { t.getSubject(), t.getPredicate(), t.getObject() };
                for (int k = 0; k < 3; k++)
                    lookup[k] = sharedAt[k] >= 0 ? match[sharedAt[k]] : anyForVars(countPattern[k]);
                Object key = byNode ? lookup[onlyShared] : Arrays.asList(lookup.clone());
                Long known = countOf.get(key);
                long n;
                if (known != null) {
                    n = known;
                } else {
                    n = count(graph, lookup);
                    countOf.put(key, n);
                }
                if (n == 0)
                    continue;
                BindingBuilder b = Binding.builder();
                for (int i = 0; i < keyAt.length; i++)
                    b.add(keys.get(i), match[keyAt[i]]);
                for (int j = 0; j < countsRows.length; j++)
                    b.add(aggregators.get(j).getVar(), literalOf.computeIfAbsent(countsRows[j] ? n : 0L,
                            c -> NodeValue.makeInteger(c).asNode()));
                out.add(b.build());
            }
        } finally {
            matches.close();
        }
        return out;
    }

    private static long count(Graph graph, Node[] pattern) {
        ExtendedIterator<Triple> it = graph.find(pattern[0], pattern[1], pattern[2]);
        try {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        } finally {
            it.close();
        }
    }

    private static Node[] nodes(Triple t) {
        return new Node[] { t.getSubject(), t.getPredicate(), t.getObject() };
    }

    private static Node anyForVars(Node n) {
        return Var.isVar(n) ? Node.ANY : n;
    }

    /** The position (0 subject, 1 predicate, 2 object) of {@code v} in the pattern, or -1. */
    private static int position(Node[] pattern, Var v) {
        for (int k = 0; k < 3; k++) {
            if (Var.isVar(pattern[k]) && Var.alloc(pattern[k]).equals(v))
                return k;
        }
        return -1;
    }
}
