package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.atlas.lib.tuple.TupleFactory;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.util.iterator.NullIterator;
import org.apache.jena.util.iterator.WrappedIterator;

/** Views over a store's graphs that read through to its indexes (nothing is copied). */
final class StoreGraphs {
    private StoreGraphs() {}

    /**
     * How many (subject, predicate) look-ups {@link #withoutShapes} keeps, the most triples one may hold,
     * and the most triples all of them may hold (about 30 MB of the heap).
     */
    static final int RECENT_LOOKUPS = 20_000, LOOKUP_TRIPLES = 64, KEPT_TRIPLES = 100_000;

    /**
     * How many decoded nodes the view over a TDB2 store knows the ids of (slots of a direct-mapped table,
     * two arrays of references: 2 MB): SHACL asks for each focus node's values after collecting all of a
     * shape's focus nodes (143,000 at 1 M triples), and a node the view does not know is looked up in the
     * node table.
     */
    static final int KNOWN_IDS = 1 << 18;

    /**
     * Every triple of the store but the SHACL shapes: the union graph, less the triples found only in the
     * shapes graph. What validation looks at. Over TDB2 it reads the quad indexes itself
     * ({@link TdbIndexView}); over any other dataset it filters the union graph, recognising the shapes'
     * triples by {@code shapesTriples} (the shapes graph is small).
     * <p>
     * The answers to the most recent (subject, predicate, any) look-ups of up to {@value #LOOKUP_TRIPLES}
     * triples are kept ({@value #RECENT_LOOKUPS} of them and {@value #KEPT_TRIPLES} triples at most, least
     * recently used dropped): SHACL asks the same
     * ones again and again — the types and superclasses of every value of an {@code sh:class} constraint
     * (a country named by thousands of facts), the values of each path of each shape on one focus node —
     * and each is otherwise a search of the union graph's index with every graph's copy merged away. The
     * store does not change while it is validated. For one thread.
     */
    static Graph withoutShapes(DatasetGraph dsg, Set<Triple> shapesTriples) {
        Function<Triple, ExtendedIterator<Triple>> unionLessShapes;
        if (TDBInternal.isTDB2(dsg)) {
            TdbIndexView view = new TdbIndexView(TdbScan.open(dsg, KNOWN_IDS), AIH.node(AIH.GRAPH_SHAPES));
            unionLessShapes = view::find;
        } else {
            Graph union = dsg.getUnionGraph();
            Node shapes = AIH.node(AIH.GRAPH_SHAPES);
            unionLessShapes = m -> union.find(m).filterDrop(t -> shapesTriples.contains(t) && onlyIn(dsg, shapes, t));
        }
        LinkedHashMap<Triple, List<Triple>> recent = new LinkedHashMap<>(1024, 0.75f, true);
        int[] keptTriples = {0};
        return new GraphBase() {
            @Override
            protected ExtendedIterator<Triple> graphBaseFind(Triple m) {
                if (!m.getSubject().isConcrete() || !m.getPredicate().isConcrete() || m.getObject().isConcrete())
                    return unionLessShapes(m);
                List<Triple> kept = recent.get(m);
                if (kept != null)
                    return WrappedIterator.create(kept.iterator());
                ExtendedIterator<Triple> it = unionLessShapes(m);
                List<Triple> first = new ArrayList<>();
                while (first.size() < LOOKUP_TRIPLES && it.hasNext())
                    first.add(it.next());
                if (it.hasNext())
                    return WrappedIterator.create(Iter.concat(first.iterator(), it));
                it.close();
                recent.put(m, List.copyOf(first));
                keptTriples[0] += first.size();
                for (Iterator<Map.Entry<Triple, List<Triple>>> eldest = recent.entrySet().iterator();
                     recent.size() > RECENT_LOOKUPS || keptTriples[0] > KEPT_TRIPLES; ) {
                    keptTriples[0] -= eldest.next().getValue().size();
                    eldest.remove();
                }
                return WrappedIterator.create(first.iterator());
            }

            private ExtendedIterator<Triple> unionLessShapes(Triple m) {
                return unionLessShapes.apply(m);
            }
        };
    }

    /**
     * The union graph less the triples that only the left-out graph (the shapes) states, read off a TDB2
     * store's quad indexes: the
     * index led by the pattern's constants ({@code SPOG}, {@code POSG} or {@code OSPG}, the graph last in
     * each, so a triple's graphs come one after the other and are merged by comparing with the last), nodes
     * decoded by a {@link TdbScan} (a cache of its own, not the node table's shared one, whose upkeep was a
     * third of validation's time at 1 M triples). Call in a read transaction, on one thread.
     */
    static final class TdbIndexView {
        private final TdbScan scan;
        private final NodeId left;

        TdbIndexView(TdbScan scan, Node leaveOut) {
            this.scan = scan;
            NodeId g = scan.id(leaveOut);
            this.left = g == null ? NodeId.NodeDoesNotExist : g;
        }

        ExtendedIterator<Triple> find(Triple m) {
            NodeId s = id(m.getSubject()), p = predicate(m.getPredicate()), o = id(m.getObject());
            if (s == null || p == null || o == null)
                return NullIterator.instance();
            String index = s != NodeId.NodeIdAny ? (p == NodeId.NodeIdAny && o != NodeId.NodeIdAny ? "OSPG" : "SPOG")
                    : p != NodeId.NodeIdAny ? "POSG" : o != NodeId.NodeIdAny ? "OSPG" : "SPOG";
            Iterator<Tuple<NodeId>> quads = scan.index(index).find(TupleFactory.create4(NodeId.NodeIdAny, s, p, o));
            return WrappedIterator.create(new Iterator<>() {
                private Tuple<NodeId> pending = quads.hasNext() ? quads.next() : null;
                private Triple next;

                @Override
                public boolean hasNext() {
                    while (next == null && pending != null) {
                        Tuple<NodeId> first = pending;   // G, S, P, O
                        boolean onlyLeftOut = first.get(0).equals(left);
                        pending = null;
                        while (quads.hasNext()) {
                            Tuple<NodeId> q = quads.next();
                            if (!q.get(1).equals(first.get(1)) || !q.get(2).equals(first.get(2)) || !q.get(3).equals(first.get(3))) {
                                pending = q;
                                break;
                            }
                            onlyLeftOut &= q.get(0).equals(left);
                        }
                        if (!onlyLeftOut)
                            next = Triple.create(scan.node(first.get(1)), scan.node(first.get(2)), scan.node(first.get(3)));
                    }
                    return next != null;
                }

                @Override
                public Triple next() {
                    if (!hasNext())
                        throw new NoSuchElementException();
                    Triple t = next;
                    next = null;
                    return t;
                }
            });
        }

        /** The ids of the predicates asked about (those of the shapes' paths: few), null for one the store lacks. */
        private final Map<Node, Optional<NodeId>> predicates = new HashMap<>();

        private NodeId predicate(Node p) {
            if (p == null || !p.isConcrete())
                return NodeId.NodeIdAny;
            return predicates.computeIfAbsent(p, x -> Optional.ofNullable(scan.id(x))).orElse(null);
        }

        /** The id of a pattern's node: {@code NodeIdAny} for a variable, null when the store has no such node. */
        private NodeId id(Node n) {
            return n == null || !n.isConcrete() ? NodeId.NodeIdAny : scan.id(n);
        }
    }

    /** Whether every quad of the triple is in the graph {@code g}. */
    static boolean onlyIn(DatasetGraph dsg, Node g, Triple t) {
        Iterator<Quad> it = dsg.find(Node.ANY, t.getSubject(), t.getPredicate(), t.getObject());
        while (it.hasNext()) {
            if (!g.equals(it.next().getGraph()))
                return false;
        }
        return true;
    }
}
