package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.OpDistinct;
import org.apache.jena.sparql.algebra.op.OpFilter;
import org.apache.jena.sparql.algebra.op.OpProject;
import org.apache.jena.sparql.algebra.op.OpQuadPattern;
import org.apache.jena.sparql.algebra.op.OpUnion;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIterRoot;
import org.apache.jena.sparql.engine.main.OpExecutorFactory;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.NodeIdFactory;
import org.apache.jena.tdb2.store.nodetable.NodeTable;
import org.apache.jena.tdb2.store.tupletable.TupleIndex;
import org.apache.jena.tdb2.solver.OpExecutorTDB2;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * TDB2's executor with one plan added, for the data checks of a build: the distinct terms in some
 * positions of any quad, as in
 * <pre>  SELECT DISTINCT ?resource WHERE {
 *    { GRAPH ?g { ?resource ?p ?o } } UNION { GRAPH ?g { ?s ?p ?resource } }
 *    FILTER (isIRI(?resource) &amp;&amp; ...) }</pre>
 * Jena answers it by reading every quad twice, making a binding and decoding the term of each, then
 * hashing them all for DISTINCT: a few seconds per million quads, for each check that lists the store's
 * resources this way. Here each position is read from the index that sorts by it (SPOG for subjects, OSPG
 * for objects, POSG for predicates, GSPO for graph names), where the quads of one term are adjacent, so a
 * term is seen once per run of quads, as a node id; the positions' sorted runs are merged, each term
 * decoded once and the filter applied to it alone.
 * <p>
 * The plan applies only where it gives the same rows: {@code DISTINCT} of {@code PROJECT (?x)} of an
 * optional filter that mentions only ?x, over a union of one-quad patterns, each with ?x once and three
 * other variables, distinct and used nowhere else (so any quad of a named graph matches), and with
 * nothing bound before it. Everything else, and the order of rows (none is promised without ORDER BY),
 * is Jena's.
 */
final class DistinctTermScan extends OpExecutorTDB2 {
    /** The factory to register with {@code QC.setFactory(context, FACTORY)} on a TDB2 dataset. */
    static final OpExecutorFactory FACTORY = DistinctTermScan::new;
    /** How many times the plan has been used (for tests). */
    static final AtomicLong USED = new AtomicLong();

    private DistinctTermScan(ExecutionContext execCxt) {
        super(execCxt);
    }

    @Override
    protected QueryIterator execute(OpDistinct opDistinct, QueryIterator input) {
        Plan plan = input instanceof QueryIterRoot ? Plan.of(opDistinct) : null;
        DatasetGraphTDB tdb = plan == null ? null : TDBInternal.getDatasetGraphTDB(execCxt.getDataset());
        if (tdb == null)
            return super.execute(opDistinct, input);
        USED.incrementAndGet();
        return new QueryIterOverInput(plan.rows(tdb, execCxt), input, execCxt);
    }

    /** The variable, its filter, and the quad positions (0 = G, 1 = S, 2 = P, 3 = O) it takes terms from. */
    record Plan(Var var, ExprList filter, List<Integer> slots) {
        static Plan of(OpDistinct op) {
            if (!(op.getSubOp() instanceof OpProject project) || project.getVars().size() != 1)
                return null;
            Var x = project.getVars().get(0);
            Op body = project.getSubOp();
            ExprList filter = new ExprList();
            if (body instanceof OpFilter f) {
                if (!f.getExprs().getVarsMentioned().stream().allMatch(x::equals))
                    return null;
                filter = f.getExprs();
                body = f.getSubOp();
            }
            List<Integer> slots = new ArrayList<>();
            return collect(body, x, slots) ? new Plan(x, filter, slots.stream().distinct().toList()) : null;
        }

        /** Adds the positions of ?x in a union of one-quad patterns; false if it is not one. */
        private static boolean collect(Op op, Var x, List<Integer> slots) {
            if (op instanceof OpUnion u)
                return collect(u.getLeft(), x, slots) && collect(u.getRight(), x, slots);
            if (!(op instanceof OpQuadPattern qp) || qp.getPattern().size() != 1)
                return false;
            Quad q = qp.getPattern().get(0);
            Node[] terms = { q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject() };
            int at = -1;
            List<Node> others = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                if (x.equals(terms[i])) {
                    if (at >= 0)
                        return false;
                    at = i;
                } else if (!Var.isVar(terms[i]) || others.contains(terms[i])) {
                    return false;
                } else {
                    others.add(terms[i]);
                }
            }
            if (at < 0)
                return false;
            slots.add(at);
            return true;
        }

        /** The distinct terms, filtered, as bindings of {@link #var}. */
        Iterator<Binding> rows(DatasetGraphTDB tdb, ExecutionContext cxt) {
            NodeTable nodes = tdb.getQuadTable().getNodeTupleTable().getNodeTable();
            List<Iterator<NodeId>> runs = new ArrayList<>();
            for (int slot : slots)
                runs.add(distinctIn(tdb, slot));
            Iterator<NodeId> ids = merged(runs);
            Iterator<Binding> all = Iter.map(ids, id -> BindingFactory.binding(var, nodes.getNodeForNodeId(id)));
            return filter.isEmpty() ? all : Iter.filter(all, b -> filter.isSatisfied(b, cxt));
        }
    }

    /** The distinct node ids in one position of the quads, ascending, read from an index led by it. */
    static Iterator<NodeId> distinctIn(DatasetGraphTDB tdb, int slot) {
        TupleIndex index = null;
        for (TupleIndex i : tdb.getQuadTable().getNodeTupleTable().getTupleTable().getIndexes())
            if (i.getMapping().getSlotIdx(0) == slot)
                index = i;
        if (index == null)
            throw new IllegalStateException("No quad index led by position " + slot);
        return Iter.distinctAdjacent(Iter.map(index.all(), t -> t.get(slot)));
    }

    /** Ascending runs merged, each id once (ids compare as the indexes order them: unsigned, big-endian). */
    static Iterator<NodeId> merged(List<Iterator<NodeId>> runs) {
        if (runs.size() == 1)
            return runs.get(0);
        record Head(long key, NodeId id, Iterator<NodeId> rest) { }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> Long.compareUnsigned(a.key, b.key));
        byte[] buf = new byte[NodeId.SIZE];
        java.util.function.Consumer<Iterator<NodeId>> advance = it -> {
            if (it.hasNext()) {
                NodeId id = it.next();
                NodeIdFactory.set(id, buf, 0);
                long key = 0;
                for (byte b : buf)
                    key = (key << 8) | (b & 0xFF);
                heads.add(new Head(key, id, it));
            }
        };
        runs.forEach(advance);
        return new Iterator<>() {
            private long lastKey;
            private boolean any;

            @Override
            public boolean hasNext() {
                while (!heads.isEmpty() && any && heads.peek().key == lastKey)
                    advance.accept(heads.poll().rest);
                return !heads.isEmpty();
            }

            @Override
            public NodeId next() {
                if (!hasNext())
                    throw new NoSuchElementException();
                Head h = heads.poll();
                lastKey = h.key;
                any = true;
                advance.accept(h.rest);
                return h.id;
            }
        };
    }
}
