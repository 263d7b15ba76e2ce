package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.atlas.iterator.IteratorDelayedInitialization;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.algebra.op.OpDistinct;
import org.apache.jena.sparql.algebra.op.OpExtend;
import org.apache.jena.sparql.algebra.op.OpGroup;
import org.apache.jena.sparql.algebra.op.OpTopN;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.core.VarExprList;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIterAssign;
import org.apache.jena.sparql.engine.iterator.QueryIterRoot;
import org.apache.jena.sparql.engine.main.OpExecutor;
import org.apache.jena.sparql.engine.main.OpExecutorFactory;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprVar;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.expr.aggregate.Accumulator;
import org.apache.jena.sparql.expr.aggregate.AggCountVar;
import org.apache.jena.sparql.expr.aggregate.Aggregator;

/**
 * ARQ's executor with one operator replaced: GROUP BY, as Jena 5.6's {@code QueryIterGroup} computes
 * it, without two costs that dominate grouping queries over the in-memory copy ({@link MemoryCopy}).
 * <ul>
 * <li>ARQ keeps its groups in a multimap keyed by {@code Binding} and looks each input row's key up three
 * times (containsKey, get, and the values' iterator), each time hashing the key binding variable by
 * variable; in a profile of the analytic query (GROUP BY ?s ?l) those lookups, with the map's tree bins,
 * took a fifth of the time. Here each row's key is looked up once, as the array of the group's values,
 * hashed by {@link Arrays#hashCode(Object[])}; two keys are equal exactly when their bindings are
 * ({@code Node.equals} per variable, unbound alike).</li>
 * <li>{@code COUNT(?v)} turns every ?v into a {@code NodeValue} (parsing each typed literal's value) only
 * to learn that it is bound. Here it counts the rows where ?v is bound, which is what it returns.</li>
 * </ul>
 * Everything else is Jena's: the group expressions, every other aggregate's accumulator, the empty-input
 * rules (no rows with GROUP BY: no groups; without: one row of the aggregates' empty values), the
 * output binding. Groups come out in the order they were first seen (ARQ's come in hash order; a query
 * that needs an order says ORDER BY). Used only for the in-memory copy; a TDB2 store keeps Jena's own
 * executor. A COUNT per match of one of two joined patterns is pushed below the join ({@link EagerCount}),
 * and ORDER BY … LIMIT evaluates each row's sort keys once ({@link KeyedTopN}).
 * {@code TestGroupingExecutor} checks the answers against Jena's on the article's queries.
 */
public final class GroupingExecutor extends OpExecutor {
    /** The factory to register with {@code QC.setFactory(context, FACTORY)}. */
    public static final OpExecutorFactory FACTORY = GroupingExecutor::new;

    private GroupingExecutor(ExecutionContext execCxt) {
        super(execCxt);
    }

    @Override
    protected QueryIterator execute(OpGroup opGroup, QueryIterator input) {
        EagerCount counts = input instanceof QueryIterRoot ? EagerCount.of(opGroup) : null;
        if (counts != null)
            return counts.execute(input, execCxt);
        QueryIterator rows = exec(opGroup.getSubOp(), input);
        return new Grouping(rows, opGroup.getGroupVars(), opGroup.getAggregators(), execCxt);
    }

    /**
     * BIND / SELECT (?x AS ?y) of plain variables, as after every GROUP BY ({@code (extend ((?n ?.0)) …)}):
     * ARQ evaluates {@code ?x} into a {@code NodeValue} — validating and parsing a typed literal — and takes
     * its node back, which is {@code ?x}'s own term; here the term is copied. Everything else of
     * {@code QueryIterAssign} is kept: let* order, an unbound source leaves the variable unbound, an
     * already bound target must have the same value or the row is dropped.
     */
    @Override
    protected QueryIterator execute(OpExtend opExtend, QueryIterator input) {
        VarExprList assignments = opExtend.getVarExprList();
        for (Var v : assignments.getVars()) {
            if (!(assignments.getExpr(v) instanceof ExprVar))
                return super.execute(opExtend, input);
        }
        return new QueryIterAssign(exec(opExtend.getSubOp(), input), assignments, execCxt, true) {
            @Override
            public Binding accept(Binding binding) {
                BindingBuilder b = Binding.builder(binding);
                for (Var v : assignments.getVars()) {
                    Node n = b.get(((ExprVar) assignments.getExpr(v)).asVar());
                    if (n == null)
                        continue;
                    if (b.contains(v)) {
                        if (!b.get(v).sameValueAs(n))
                            return null;
                        continue;
                    }
                    b.add(v, n);
                }
                return b.build();
            }
        };
    }

    @Override
    protected QueryIterator execute(OpTopN opTop, QueryIterator input) {
        if (opTop.getSubOp() instanceof OpDistinct)
            return super.execute(opTop, input);
        return new KeyedTopN(exec(opTop.getSubOp(), input), opTop.getConditions(), opTop.getLimit(), execCxt);
    }

    /** The GROUP BY iterator: consumes its input on first use, then yields one binding per group. */
    static final class Grouping extends QueryIterOverInput {
        Grouping(QueryIterator input, VarExprList groupVars, List<ExprAggregator> aggregators, ExecutionContext cxt) {
            super(groups(input, groupVars, aggregators, cxt), input, cxt);
        }
    }

    /** A group's key: its values in the order of the group variables, null where unbound. */
    private static final class Key {
        final Node[] values;
        final int hash;

        Key(Node[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override public int hashCode() { return hash; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.values, values);
        }
    }

    /** One group: an accumulator per aggregate, or a count where the aggregate is COUNT(?v). */
    private static final class Group {
        final Accumulator[] accumulators;
        final long[] counts;

        Group(int n) {
            accumulators = new Accumulator[n];
            counts = new long[n];
        }
    }

    private static Iterator<Binding> groups(QueryIterator input, VarExprList groupVarExprs,
                                            List<ExprAggregator> aggregators, ExecutionContext cxt) {
        return new IteratorDelayedInitialization<>() {
            @Override
            protected Iterator<Binding> initializeIterator() {
                List<ExprAggregator> aggs = aggregators == null ? List.of() : aggregators;
                List<Var> vars = groupVarExprs.getVars();
                int nv = vars.size(), na = aggs.size();
                boolean[] computed = new boolean[nv];
                for (int i = 0; i < nv; i++)
                    computed[i] = groupVarExprs.hasExpr(vars.get(i));
                // COUNT(?v), not DISTINCT: the aggregates counted here without their accumulator.
                Var[] countOf = new Var[na];
                for (int j = 0; j < na; j++) {
                    Aggregator a = aggs.get(j).getAggregator();
                    if (a.getClass() == AggCountVar.class) {   // COUNT(DISTINCT ?v) is AggCountVarDistinct
                        Expr e = a.getExprList().get(0);
                        if (e instanceof ExprVar ev)
                            countOf[j] = ev.asVar();
                    }
                }

                if (!input.hasNext()) {
                    if (!groupVarExprs.isEmpty())
                        return Iter.nullIterator();
                    if (aggs.isEmpty())
                        return Iter.singletonIterator(BindingFactory.binding());
                    BindingBuilder b = Binding.builder();
                    for (ExprAggregator agg : aggs) {
                        Node value = agg.getAggregator().getValueEmpty();
                        if (value != null)
                            b.add(agg.getVar(), value);
                    }
                    return Iter.singletonIterator(b.build());
                }

                Map<Key, Group> groups = new LinkedHashMap<>();
                // Rows of one group often come together (all of a subject's triples after its label), so
                // a row with the previous row's key goes to the previous row's group without a lookup.
                Node[] rowValues = new Node[nv];
                Node[] lastValues = null;
                Group last = null;
                while (input.hasNext()) {
                    Binding row = input.nextBinding();
                    for (int i = 0; i < nv; i++) {
                        Var v = vars.get(i);
                        rowValues[i] = computed[i] ? groupVarExprs.get(v, row, cxt) : row.get(v);
                    }
                    Group g;
                    if (last != null && Arrays.equals(rowValues, lastValues)) {
                        g = last;
                    } else {
                        Key key = new Key(rowValues.clone());
                        g = groups.get(key);
                        if (g == null) {
                            g = new Group(na);
                            for (int j = 0; j < na; j++) {
                                if (countOf[j] == null)
                                    g.accumulators[j] = aggs.get(j).getAggregator().createAccumulator();
                            }
                            groups.put(key, g);
                        }
                        last = g;
                        lastValues = key.values;
                    }
                    for (int j = 0; j < na; j++) {
                        if (countOf[j] != null) {
                            if (row.contains(countOf[j]))
                                g.counts[j]++;
                        } else {
                            g.accumulators[j].accumulate(row, cxt);
                        }
                    }
                }

                List<Binding> out = new ArrayList<>(groups.size());
                for (Map.Entry<Key, Group> e : groups.entrySet()) {
                    BindingBuilder b = Binding.builder();
                    Node[] values = e.getKey().values;
                    for (int i = 0; i < nv; i++) {
                        if (values[i] != null)
                            b.add(vars.get(i), values[i]);
                    }
                    Group g = e.getValue();
                    for (int j = 0; j < na; j++) {
                        Node value;
                        if (countOf[j] != null) {
                            value = NodeValue.makeInteger(g.counts[j]).asNode();
                        } else {
                            NodeValue nv2 = g.accumulators[j].getValue();
                            value = nv2 == null ? null : nv2.asNode();
                        }
                        if (value != null)
                            b.add(aggs.get(j).getVar(), value);
                    }
                    out.add(b.build());
                }
                return out.iterator();
            }
        };
    }
}
