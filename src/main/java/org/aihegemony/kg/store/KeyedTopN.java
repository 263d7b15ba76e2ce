package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.atlas.iterator.IteratorDelayedInitialization;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecException;
import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingComparator;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.ExprVar;
import org.apache.jena.sparql.expr.VariableNotBoundException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.util.NodeCmp;

/**
 * ORDER BY … LIMIT n (ARQ's {@code OpTopN}) as Jena 5.6's {@code QueryIterTopN} computes it — a heap of
 * the n least rows, then sorted — but with each row's sort keys evaluated once, when the row arrives.
 * Jena's {@code BindingComparator} evaluates both rows' keys on every comparison; an {@code xsd:integer}
 * key is then validated by Xerces and parsed into a {@code BigInteger} each time, which took most of the
 * analytic query's time once its groups were counted ({@link EagerCount}). The order is Jena's: per sort
 * condition, an unbound key or one whose evaluation fails sorts first ({@code compareNodesRaw}), then
 * {@code NodeValue.compareAlways}, reversed for DESC; rows equal on every key by
 * {@code BindingComparator.compareBindingsSyntactic}, so the order is total and any correct top n is
 * Jena's top n. (Jena also logs a warning for every comparison of a key that fails to evaluate; here it
 * is simply unbound.) DISTINCT under the top n is left to Jena.
 */
final class KeyedTopN extends QueryIterOverInput {
    /** A row and its sort keys in the order of the conditions (null: unbound or an error). */
    private static final class Keyed {
        final Binding row;
        final NodeValue[] keys;
        /** The row's variables by name, made when the row first ties with another on every key. */
        Var[] vars;

        Keyed(Binding row, NodeValue[] keys) {
            this.row = row;
            this.keys = keys;
        }

        Var[] vars() {
            if (vars == null) {
                List<Var> list = new ArrayList<>(row.size());
                row.vars().forEachRemaining(list::add);
                vars = list.toArray(new Var[0]);
                Arrays.sort(vars, BY_NAME);
            }
            return vars;
        }
    }

    private static final Comparator<Var> BY_NAME = Comparator.comparing(Var::getName);

    KeyedTopN(QueryIterator input, List<SortCondition> conditions, long limit, ExecutionContext cxt) {
        super(null, input, cxt);
        long n = limit == Query.NOLIMIT ? Long.MAX_VALUE : limit;
        if (n < 0)
            throw new QueryExecException("Negative LIMIT: " + n);
        if (n == 0) {
            input.close();
            setIterator(Iter.nullIterator());
            return;
        }
        setIterator(new IteratorDelayedInitialization<>() {
            @Override
            protected Iterator<Binding> initializeIterator() {
                return top(conditions, n, cxt);
            }
        });
    }

    private Iterator<Binding> top(List<SortCondition> conditions, long n, ExecutionContext cxt) {
        SortCondition[] sc = conditions.toArray(new SortCondition[0]);
        Comparator<Keyed> order = (a, b) -> {
            for (int i = 0; i < sc.length; i++) {
                int x = BindingComparator.compareNodesRaw(a.keys[i], b.keys[i]);
                if (sc[i].getDirection() == Query.ORDER_DESCENDING)
                    x = -x;
                if (x != 0)
                    return x;
            }
            return syntactic(a, b);
        };
        // A key that is a plain variable: its value made once per distinct term, not once per row.
        Var[] keyOf = new Var[sc.length];
        for (int i = 0; i < sc.length; i++) {
            if (sc[i].getExpression() instanceof ExprVar ev)
                keyOf[i] = ev.asVar();
        }
        // The greatest of the least n at the head, as QueryIterTopN keeps them.
        PriorityQueue<Keyed> heap = new PriorityQueue<>((int) Math.min(n, 1024), order.reversed());
        while (input.hasNext()) {
            Binding row = input.nextBinding();
            NodeValue[] keys = new NodeValue[sc.length];
            for (int i = 0; i < sc.length; i++) {
                try {
                    keys[i] = keyOf[i] == null ? sc[i].getExpression().eval(row, cxt) : valueOf(row, keyOf[i]);
                } catch (ExprEvalException e) {   // VariableNotBoundException included: sorts as unbound
                    keys[i] = null;
                }
            }
            Keyed k = new Keyed(row, keys);
            if (heap.size() < n) {
                heap.add(k);
            } else if (order.compare(k, heap.peek()) < 0) {
                heap.poll();
                heap.add(k);
            }
        }
        input.close();
        Keyed[] rows = heap.toArray(new Keyed[0]);
        Arrays.sort(rows, order);
        return Arrays.stream(rows).map(k -> k.row).iterator();
    }

    /** Terms already made values ({@code ExprVar.eval} is {@code NodeValue.makeNode} of the term). */
    private final Map<Node, NodeValue> values = new HashMap<>();

    private NodeValue valueOf(Binding row, Var v) {
        Node n = row.get(v);
        if (n == null)
            throw new VariableNotBoundException("Not bound: variable " + v);
        NodeValue value = values.get(n);
        if (value == null) {
            if (values.size() >= 4096)   // bounded: the keys of a long input need not all be kept
                values.clear();
            value = NodeValue.makeNode(n);
            values.put(n, value);
        }
        return value;
    }

    /**
     * {@code BindingComparator.compareBindingsSyntactic}, which gathers and sorts both rows' variables on
     * every call: rows with the same variables (the usual case) are compared term by term in the order of
     * their names, as it does; any other pair is left to it.
     */
    private static int syntactic(Keyed a, Keyed b) {
        Var[] vars = a.vars();
        if (!Arrays.equals(vars, b.vars()))
            return BindingComparator.compareBindingsSyntactic(a.row, b.row);
        for (Var v : vars) {
            int x = NodeCmp.compareRDFTerms(a.row.get(v), b.row.get(v));
            if (x != 0)
                return x;
        }
        return 0;
    }
}
