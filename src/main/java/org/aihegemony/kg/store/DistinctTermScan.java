package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.atlas.lib.tuple.TupleFactory;
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
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterRepeatApply;
import org.apache.jena.sparql.engine.iterator.QueryIterRoot;
import org.apache.jena.sparql.engine.iterator.QueryIterSingleton;
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
 * A pattern may also have constants, as {@code GRAPH ?g { ?s rdf:type ?x }} (the classes in use): then
 * the index read is one led by the constants and then ?x (POSG here), from the constants' prefix only.
 * <p>
 * The plan applies only where it gives the same rows: {@code DISTINCT} of {@code PROJECT (?x)} of an
 * optional filter that mentions only ?x, over a union of one-quad patterns, each with ?x once, and in its
 * other positions IRIs or literals and variables that are distinct and used nowhere else (so any quad of a
 * named graph with those constants matches), where an index sorts by the constants and then ?x, and for
 * an input row that binds nothing (the query's start, also as handed on below a UNION or BIND). Everything else, and the order of rows (none is promised without ORDER BY),
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
        Plan plan = Plan.of(opDistinct);
        DatasetGraphTDB tdb = plan == null ? null : TDBInternal.getDatasetGraphTDB(execCxt.getDataset());
        if (tdb == null || !plan.indexed(tdb))
            return super.execute(opDistinct, input);
        if (input instanceof QueryIterRoot) {
            USED.incrementAndGet();
            return new QueryIterOverInput(plan.rows(tdb, execCxt), input, execCxt);
        }
        // Below a UNION or BIND, the input is a stage of its own: the plan for a row that binds nothing
        // (the query's start, handed on), Jena's evaluation for any other row.
        return new QueryIterRepeatApply(input, execCxt) {
            @Override
            protected QueryIterator nextStage(Binding row) {
                if (!row.isEmpty())
                    return DistinctTermScan.super.execute(opDistinct, QueryIterSingleton.create(row, execCxt));
                USED.incrementAndGet();
                return QueryIterPlainWrapper.create(plan.rows(tdb, execCxt), execCxt);
            }
        };
    }

    /**
     * Where ?x's terms come from in one pattern: its quad position (0 = G, 1 = S, 2 = P, 3 = O) and the
     * constants of the pattern, by position (none, or e.g. P = rdf:type for {@code GRAPH ?g { ?s rdf:type ?x }}).
     */
    record Source(int slot, Map<Integer, Node> constants) { }

    /** The variable, its filter, and where its terms come from. */
    record Plan(Var var, ExprList filter, List<Source> sources) {
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
            List<Source> sources = new ArrayList<>();
            return collect(body, x, sources) ? new Plan(x, filter, sources.stream().distinct().toList()) : null;
        }

        /** Adds where ?x comes from in a union of one-quad patterns; false if it is not one. */
        private static boolean collect(Op op, Var x, List<Source> sources) {
            if (op instanceof OpUnion u)
                return collect(u.getLeft(), x, sources) && collect(u.getRight(), x, sources);
            if (!(op instanceof OpQuadPattern qp) || qp.getPattern().size() != 1)
                return false;
            Quad q = qp.getPattern().get(0);
            Node[] terms = { q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject() };
            int at = -1;
            List<Node> others = new ArrayList<>();
            Map<Integer, Node> constants = new TreeMap<>();
            for (int i = 0; i < 4; i++) {
                if (x.equals(terms[i])) {
                    if (at >= 0)
                        return false;
                    at = i;
                } else if (!Var.isVar(terms[i])) {
                    // A constant: an IRI or literal (the default graph's names and blank nodes are not planned).
                    if (!(terms[i].isURI() || terms[i].isLiteral()) || Quad.isDefaultGraph(terms[i]) || Quad.isUnionGraph(terms[i]))
                        return false;
                    constants.put(i, terms[i]);
                } else if (others.contains(terms[i])) {
                    return false;
                } else {
                    others.add(terms[i]);
                }
            }
            if (at < 0)
                return false;
            sources.add(new Source(at, constants));
            return true;
        }

        /** Whether every source has an index that sorts by its constants, then by ?x (null otherwise). */
        boolean indexed(DatasetGraphTDB tdb) {
            return sources.stream().allMatch(src -> index(tdb, src) != null);
        }

        /** The distinct terms, filtered, as bindings of {@link #var}. */
        Iterator<Binding> rows(DatasetGraphTDB tdb, ExecutionContext cxt) {
            NodeTable nodes = tdb.getQuadTable().getNodeTupleTable().getNodeTable();
            List<Iterator<NodeId>> runs = new ArrayList<>();
            for (Source src : sources)
                runs.add(distinctIn(tdb, src));
            Iterator<NodeId> ids = merged(runs);
            Iterator<Binding> all = Iter.map(ids, id -> BindingFactory.binding(var, nodes.getNodeForNodeId(id)));
            return filter.isEmpty() ? all : Iter.filter(all, b -> filter.isSatisfied(b, cxt));
        }
    }

    /** The quad index whose order starts with a source's constant positions (in any order), then its slot; or null. */
    static TupleIndex index(DatasetGraphTDB tdb, Source src) {
        int k = src.constants().size();
        for (TupleIndex i : tdb.getQuadTable().getNodeTupleTable().getTupleTable().getIndexes()) {
            boolean leads = true;
            for (int j = 0; j < k && leads; j++)
                leads = src.constants().containsKey(i.getMapping().getSlotIdx(j));
            if (leads && i.getMapping().getSlotIdx(k) == src.slot())
                return i;
        }
        return null;
    }

    /**
     * The distinct node ids in one position of the quads that have the source's constants (all quads when
     * it has none), ascending: read from an index led by the constants and then that position, so equal
     * ids are adjacent.
     */
    static Iterator<NodeId> distinctIn(DatasetGraphTDB tdb, Source src) {
        TupleIndex index = index(tdb, src);
        if (index == null)
            throw new IllegalStateException("No quad index led by " + src);
        Iterator<Tuple<NodeId>> quads;
        if (src.constants().isEmpty()) {
            quads = index.all();
        } else {
            NodeTable nodes = tdb.getQuadTable().getNodeTupleTable().getNodeTable();
            NodeId[] pattern = { NodeId.NodeIdAny, NodeId.NodeIdAny, NodeId.NodeIdAny, NodeId.NodeIdAny };
            for (Map.Entry<Integer, Node> c : src.constants().entrySet()) {
                NodeId id = nodes.getNodeIdForNode(c.getValue());
                if (NodeId.isDoesNotExist(id))
                    return Iter.nullIterator();
                pattern[c.getKey()] = id;
            }
            quads = index.find(TupleFactory.create4(pattern[0], pattern[1], pattern[2], pattern[3]));
        }
        int slot = src.slot();
        return Iter.distinctAdjacent(Iter.map(quads, t -> t.get(slot)));
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
