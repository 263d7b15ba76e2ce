package org.aihegemony.kg.store;

import java.util.Iterator;
import java.util.Set;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.util.iterator.ExtendedIterator;

/** Views over a store's graphs that read through to its indexes (nothing is copied). */
final class StoreGraphs {
    private StoreGraphs() {}

    /**
     * Every triple of the store but the SHACL shapes: the union graph, less the triples found only in the
     * shapes graph (which is small, so its triples are held to recognise them). What validation looks at.
     */
    static Graph withoutShapes(DatasetGraph dsg, Set<Triple> shapesTriples) {
        Graph union = dsg.getUnionGraph();
        Node shapes = AIH.node(AIH.GRAPH_SHAPES);
        return new GraphBase() {
            @Override
            protected ExtendedIterator<Triple> graphBaseFind(Triple m) {
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
