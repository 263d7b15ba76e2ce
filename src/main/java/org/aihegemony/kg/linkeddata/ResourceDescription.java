package org.aihegemony.kg.linkeddata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * What the server says about one resource: its outgoing statements (with the blank nodes they lead
 * to), its incoming links, and the provenance of each — the evidence passages (named graphs) that
 * state it, with their quote and section — plus the labels of everything mentioned.
 * <p>
 * As a dataset ({@link #dataset()}, for TriG) it mirrors the store: each evidence passage's statements
 * sit in the passage's named graph, everything else (types, labels, inferred statements, the
 * descriptions of passages and sections) in the default graph. As a graph ({@link #graph()}, for the
 * triple formats) it is the union of those graphs plus, for each statement an evidence passage states,
 * an {@code rdf:Statement} node (RDF reification) saying {@code prov:wasDerivedFrom} that passage.
 * <p>
 * Build it inside a read transaction.
 */
public final class ResourceDescription {
    /** A statement about the resource and where it comes from. */
    public record Statement(Triple triple, List<Node> evidence, boolean inferred, boolean asserted) { }

    private final Node subject;
    private final List<Statement> outgoing;
    private final List<Statement> incoming;
    private final List<Statement> stated;
    private final Graph context;

    private ResourceDescription(Node subject, List<Statement> outgoing, List<Statement> incoming,
            List<Statement> stated, Graph context) {
        this.subject = subject;
        this.outgoing = outgoing;
        this.incoming = incoming;
        this.stated = stated;
        this.context = context;
    }

    /** Whether the store says anything about (or in the name of) a node. */
    public static boolean known(DatasetGraph dsg, Node n) {
        return dsg.findNG(Node.ANY, n, Node.ANY, Node.ANY).hasNext()
                || dsg.findNG(Node.ANY, Node.ANY, Node.ANY, n).hasNext()
                || dsg.findNG(n, Node.ANY, Node.ANY, Node.ANY).hasNext();
    }

    /** Describes a node, or nothing when the store does not know it. */
    public static Optional<ResourceDescription> of(DatasetGraph dsg, Node x) {
        if (!known(dsg, x))
            return Optional.empty();
        Map<Triple, Set<Node>> out = new LinkedHashMap<>();
        collect(dsg, x, Node.ANY, out);
        // The blank nodes the resource leads to (figures and other n-ary nodes) belong to its description.
        Deque<Node> todo = new ArrayDeque<>();
        Set<Node> seen = new HashSet<>();
        out.keySet().forEach(t -> { if (t.getObject().isBlank()) todo.add(t.getObject()); });
        while (!todo.isEmpty()) {
            Node b = todo.pop();
            if (!seen.add(b))
                continue;
            Map<Triple, Set<Node>> more = new LinkedHashMap<>();
            collect(dsg, b, Node.ANY, more);
            more.forEach((t, gs) -> {
                out.computeIfAbsent(t, k -> new LinkedHashSet<>()).addAll(gs);
                if (t.getObject().isBlank())
                    todo.add(t.getObject());
            });
        }
        Map<Triple, Set<Node>> in = new LinkedHashMap<>();
        collect(dsg, Node.ANY, x, in);
        in.keySet().removeAll(out.keySet());
        Map<Triple, Set<Node>> inGraph = new LinkedHashMap<>();
        if (!reserved(x))
            dsg.findNG(x, Node.ANY, Node.ANY, Node.ANY).forEachRemaining(q ->
                    inGraph.computeIfAbsent(q.asTriple(), k -> new LinkedHashSet<>()).add(x));

        List<Statement> outgoing = statements(out);
        List<Statement> incoming = statements(in);
        List<Statement> stated = statements(inGraph);

        Graph context = GraphFactory.createDefaultGraph();
        Set<Node> evidence = new LinkedHashSet<>();
        for (List<Statement> l : List.of(outgoing, incoming, stated))
            l.forEach(s -> evidence.addAll(s.evidence()));
        Node data = AIH.node(AIH.GRAPH_DATA);
        for (Node ev : evidence)
            if (!ev.equals(x))
                dsg.getGraph(data).find(ev, Node.ANY, Node.ANY).forEachRemaining(context::add);
        Set<Node> mentioned = new LinkedHashSet<>();
        for (List<Statement> l : List.of(outgoing, incoming, stated))
            l.forEach(s -> mention(s.triple(), mentioned));
        context.find().forEachRemaining(t -> mention(t, mentioned));
        mentioned.remove(x);
        Graph union = dsg.getUnionGraph();
        for (Node n : mentioned)
            union.find(n, RDFS.label.asNode(), Node.ANY).forEachRemaining(context::add);
        return Optional.of(new ResourceDescription(x, outgoing, incoming, stated, context));
    }

    /** Statements of every graph but the VoID description (which is about the dataset, not the resource). */
    private static void collect(DatasetGraph dsg, Node s, Node o, Map<Triple, Set<Node>> into) {
        dsg.findNG(Node.ANY, s, Node.ANY, o).forEachRemaining(q -> {
            if (!VOID_GRAPH.equals(q.getGraph()))
                into.computeIfAbsent(q.asTriple(), k -> new LinkedHashSet<>()).add(q.getGraph());
        });
    }

    private static final Node VOID_GRAPH = AIH.node(AIH.GRAPH_VOID);

    private static void mention(Triple t, Set<Node> into) {
        for (Node n : new Node[] { t.getSubject(), t.getPredicate(), t.getObject() })
            if (n.isURI())
                into.add(n);
    }

    private static List<Statement> statements(Map<Triple, Set<Node>> graphsOf) {
        List<Statement> l = new ArrayList<>();
        Node inferred = AIH.node(AIH.GRAPH_INFERRED);
        graphsOf.forEach((t, graphs) -> {
            List<Node> evidence = graphs.stream().filter(g -> !reserved(g)).sorted(Comparator.comparing(Node::toString)).toList();
            boolean onlyInferred = graphs.size() == 1 && graphs.contains(inferred);
            boolean asserted = graphs.stream().anyMatch(g -> reserved(g) && !g.equals(inferred));
            l.add(new Statement(t, evidence, onlyInferred, asserted));
        });
        l.sort(Comparator.comparing((Statement s) -> s.triple().getPredicate().toString())
                .thenComparing(s -> s.triple().getSubject().toString())
                .thenComparing(s -> s.triple().getObject().toString()));
        return l;
    }

    /** Whether a graph is one of the store's own ({@code …/graph/…}) rather than an evidence passage. */
    static boolean reserved(Node g) {
        return g.isURI() && g.getURI().startsWith(AIH.GRAPH) || Quad.isDefaultGraph(g);
    }

    public Node subject() { return subject; }
    public List<Statement> outgoing() { return outgoing; }
    public List<Statement> incoming() { return incoming; }
    /** The statements of the resource's own named graph, when it is an evidence passage. */
    public List<Statement> stated() { return stated; }
    /** Labels of the things mentioned and the descriptions of the evidence passages. */
    public Graph context() { return context; }

    /** The description as a dataset: evidence graphs as named graphs (TriG). */
    public DatasetGraph dataset() {
        DatasetGraph ds = DatasetGraphFactory.createTxnMem();
        Graph dflt = ds.getDefaultGraph();
        for (List<Statement> l : List.of(outgoing, incoming, stated))
            for (Statement s : l) {
                if (s.evidence().isEmpty() || s.asserted() || s.inferred())
                    dflt.add(s.triple());
                for (Node ev : s.evidence())
                    ds.add(ev, s.triple().getSubject(), s.triple().getPredicate(), s.triple().getObject());
            }
        context.find().forEachRemaining(dflt::add);
        return ds;
    }

    /** The description as one graph, provenance by reification (Turtle, N-Triples, JSON-LD, RDF/XML). */
    public Graph graph() {
        DatasetGraph ds = dataset();
        Graph g = GraphFactory.createDefaultGraph();
        ds.find().forEachRemaining(q -> g.add(q.asTriple()));
        Map<Triple, Set<Node>> sources = new LinkedHashMap<>();
        for (List<Statement> l : List.of(outgoing, incoming, stated))
            for (Statement s : l)
                if (!s.evidence().isEmpty())
                    sources.computeIfAbsent(s.triple(), k -> new LinkedHashSet<>()).addAll(s.evidence());
        sources.forEach((t, evs) -> {
            Node r = NodeFactory.createBlankNode();
            g.add(r, RDF.type.asNode(), RDF.Statement.asNode());
            g.add(r, RDF.subject.asNode(), t.getSubject());
            g.add(r, RDF.predicate.asNode(), t.getPredicate());
            g.add(r, RDF.object.asNode(), t.getObject());
            for (Node ev : evs)
                g.add(r, Terms.wasDerivedFrom, ev);
        });
        return g;
    }
}
