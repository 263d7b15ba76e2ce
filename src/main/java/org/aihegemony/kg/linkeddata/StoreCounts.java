package org.aihegemony.kg.linkeddata;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.aihegemony.kg.store.TdbScan;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.nodetable.NodeTable;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.vocabulary.RDF;

/**
 * The VoID counts of a TDB2 store, by walking its quad indexes in key order: the subject-first index gives
 * the union's distinct triples (adjacent duplicates across graphs), distinct subjects, properties, class
 * partitions and evidence mentions; the object-first index gives distinct objects. Memory holds one
 * subject's graphs and per-property and per-class counters, never the data. Nodes are decoded by a
 * {@link TdbScan}, not through the node table's cache, which the checks running beside it use.
 */
final class StoreCounts {
    private StoreCounts() {}

    private static final int G = 0, S = 1, P = 2, O = 3;   // the quad table's primary order is GSPO

    /** Counts; each distinct union triple also goes to {@code union} (the Turtle dump). */
    static DatasetDescription.Counts count(DatasetGraph dsg, TdbScan scan, Base base, StreamRDF union) {
        NodeTable nodes = TDBInternal.getDatasetGraphTDB(dsg).getQuadTable().getNodeTupleTable().getNodeTable();
        DatasetDescription.Counts c = new DatasetDescription.Counts();

        Set<NodeId> reserved = new HashSet<>();
        for (String g : new String[] { AIH.GRAPH_ONTOLOGY, AIH.GRAPH_SHAPES, AIH.GRAPH_DATA, AIH.GRAPH_INFERRED, AIH.GRAPH_VOID }) {
            NodeId id = nodes.getNodeIdForNode(AIH.node(g));
            if (id != null && !NodeId.isDoesNotExist(id))
                reserved.add(id);
        }
        NodeId type = nodes.getNodeIdForNode(RDF.type.asNode());
        Map<NodeId, Long> properties = new HashMap<>();
        Map<NodeId, Long> classes = new HashMap<>();
        // Top six by evidence mentions, then IRI; the queue's head is the weakest kept.
        PriorityQueue<Map.Entry<Node, Long>> top = new PriorityQueue<>((a, b) -> {
            int byCount = Long.compare(a.getValue(), b.getValue());
            return byCount != 0 ? byCount : b.getKey().getURI().compareTo(a.getKey().getURI());
        });

        NodeId s = null, p = null, o = null;
        Node subject = null;
        boolean entity = false;
        Set<NodeId> evidenceGraphs = new HashSet<>();
        Iterator<Tuple<NodeId>> it = scan.ids("SPOG");
        while (it.hasNext()) {
            Tuple<NodeId> q = it.next();
            boolean newSubject = !q.get(S).equals(s);
            if (newSubject) {
                finishSubject(subject, entity, evidenceGraphs, top);
                s = q.get(S);
                subject = scan.node(s);
                entity = base.nameOf(subject).isPresent();
                c.subjects++;
                if (entity)
                    c.entities++;
                evidenceGraphs.clear();
                p = null;
            }
            if (!reserved.contains(q.get(G))) {
                c.evidenceQuads++;
                evidenceGraphs.add(q.get(G));
            }
            if (newSubject || !q.get(P).equals(p) || !q.get(O).equals(o)) {
                p = q.get(P);
                o = q.get(O);
                c.triples++;
                properties.merge(p, 1L, Long::sum);
                Node object = scan.node(o);
                if (p.equals(type) && object.isURI())
                    classes.merge(o, 1L, Long::sum);
                union.triple(Triple.create(subject, scan.node(p), object));
            }
        }
        finishSubject(subject, entity, evidenceGraphs, top);

        NodeId last = null;
        for (Iterator<Tuple<NodeId>> byObject = scan.ids("OSPG"); byObject.hasNext(); ) {
            NodeId id = byObject.next().get(O);
            if (!id.equals(last)) {
                c.objects++;
                last = id;
            }
        }
        properties.forEach((id, n) -> c.properties.put(scan.node(id), n));
        classes.forEach((id, n) -> c.classes.put(scan.node(id), n));
        for (Node n : c.properties.keySet())
            c.vocabularies.add(DatasetDescription.namespace(n.getURI()));
        for (Node n : c.classes.keySet())
            c.vocabularies.add(DatasetDescription.namespace(n.getURI()));
        c.vocabularies.remove(base.id());
        top.stream().sorted(top.comparator().reversed()).forEach(e -> c.examples.add(e.getKey()));
        return c;
    }

    private static void finishSubject(Node subject, boolean entity, Set<NodeId> graphs, PriorityQueue<Map.Entry<Node, Long>> top) {
        if (subject == null || !entity || graphs.isEmpty())
            return;
        top.add(Map.entry(subject, (long) graphs.size()));
        if (top.size() > 6)
            top.poll();
    }
}
