package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.util.iterator.ExtendedIterator;
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
     * Every triple of the store but the SHACL shapes: the union graph, less the triples found only in the
     * shapes graph (which is small, so its triples are held to recognise them). What validation looks at.
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
        Graph union = dsg.getUnionGraph();
        Node shapes = AIH.node(AIH.GRAPH_SHAPES);
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
                return union.find(m).filterDrop(t -> shapesTriples.contains(t) && onlyIn(dsg, shapes, t));
            }
        };
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
