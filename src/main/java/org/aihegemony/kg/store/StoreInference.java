package org.aihegemony.kg.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.reasoner.InfGraph;
import org.apache.jena.reasoner.rulesys.GenericRuleReasoner;
import org.apache.jena.reasoner.rulesys.Rule;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * Materialises the rules of {@link Inferencer#RULES} over a TDB2 store without holding the data in memory.
 * A build uses it when the entailments could not be derived while parsing ({@link ParseTimeInference}:
 * the schema was not known before the data); both use its {@link Deriver}.
 * <p>
 * The rules split in two. Those over the schema alone (sub-class and sub-property chains, equivalence,
 * inverse symmetry) are closed once, in memory: the schema is the store's triples with a schema predicate
 * (rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain, rdfs:range, owl:inverseOf, owl:equivalent*, and
 * typing as owl:SymmetricProperty or owl:TransitiveProperty), which is small. The others each take one
 * data triple and the schema, so every triple of the store is streamed once through them, graph by graph,
 * following what each derived triple entails in turn. Only owl:TransitiveProperty joins two data triples:
 * its edges (a property's triples, not the data) are closed in memory, and the new edges are streamed
 * through the per-triple rules again, until nothing new appears. If a derived triple would change the
 * schema (never for this ontology), the whole derivation restarts with the larger schema, so the result
 * is always the rules' least fixpoint, as the in-memory reasoner computes it.
 * <p>
 * Derived triples not asserted in any graph but the shapes graph are written, in RDF Thrift (blank-node
 * labels kept), to a work file, then appended as quads of the inferred graph to the spool the store's
 * indexes are built from ({@link PackedIndexes}).
 */
final class StoreInference {
    private static final Node TYPE = RDF.type.asNode();
    private static final Node SUB_CLASS = RDFS.subClassOf.asNode();
    private static final Node SUB_PROP = RDFS.subPropertyOf.asNode();
    private static final Node DOMAIN = RDFS.domain.asNode();
    private static final Node RANGE = RDFS.range.asNode();
    private static final Node INVERSE = OWL.inverseOf.asNode();
    private static final Node EQ_CLASS = OWL.equivalentClass.asNode();
    private static final Node EQ_PROP = OWL.equivalentProperty.asNode();
    private static final Node SYMMETRIC = OWL.SymmetricProperty.asNode();
    private static final Node TRANSITIVE = OWL.TransitiveProperty.asNode();
    private static final List<Node> SCHEMA_PREDICATES = List.of(SUB_CLASS, SUB_PROP, DOMAIN, RANGE, INVERSE, EQ_CLASS, EQ_PROP);
    /** How many recently written triples are remembered, to skip re-checking repeats (bounded memory). */
    static final int RECENT = 200_000;

    private final DatasetGraph dsg;
    private final Node shapes = AIH.node(AIH.GRAPH_SHAPES);
    private final BuildProgress progress;

    private StoreInference(DatasetGraph dsg, BuildProgress progress) {
        this.dsg = dsg;
        this.progress = progress;
    }

    /**
     * Derives the entailments of {@code dsg} (outside a transaction) and appends them, as quads of the
     * inferred graph, to the spool of the store's quads (their nodes added to the node table); returns how
     * many were appended (with repeats). The indexes are not touched: {@link PackedIndexes#rebuild} follows.
     */
    static long materialise(DatasetGraph dsg, Path workFile, Path spool, BuildProgress progress) {
        StoreInference inf = new StoreInference(dsg, progress);
        long n;
        try {
            n = Txn.calculateRead(dsg, () -> inf.derive(workFile));
            if (n > 0)
                spool(dsg, workFile, spool);
        } finally {
            try { Files.deleteIfExists(workFile); } catch (IOException ignored) { }
        }
        return n;
    }

    private static void spool(DatasetGraph dsg, Path file, Path spoolFile) {
        PackedIndexes.spool(dsg, spoolFile, true, spool ->
                RDFParser.source(file).lang(Lang.RDFTHRIFT).labelToNode(LabelToNode.createUseLabelAsGiven())
                        .parse(spool.stream(AIH.node(AIH.GRAPH_INFERRED))));
    }

    /** The schema: its asserted triples, and the closure the schema-only rules give. */
    static final class Schema {
        final Graph asserted = GraphFactory.createDefaultGraph();
        final Map<Node, Set<Node>> superClasses = new HashMap<>();
        final Map<Node, Set<Node>> superProperties = new HashMap<>();
        final Map<Node, Set<Node>> inverses = new HashMap<>();
        final Map<Node, Set<Node>> domains = new HashMap<>();
        final Map<Node, Set<Node>> ranges = new HashMap<>();
        final Set<Node> symmetric = new HashSet<>();
        final Set<Node> transitive = new HashSet<>();
        /** Schema triples the schema rules derive (not asserted). */
        final List<Triple> derived = new ArrayList<>();
        /** Every triple the schema holds after closure. */
        final Set<Triple> closed = new HashSet<>();

        /** The schema of these asserted schema triples, closed. */
        static Schema closed(Graph assertedTriples) {
            Schema schema = new Schema();
            assertedTriples.find().forEachRemaining(schema.asserted::add);
            schema.close();
            return schema;
        }

        void close() {
            List<Rule> rules = Rule.parseRules(Inferencer.RULES);
            GenericRuleReasoner reasoner = new GenericRuleReasoner(rules);
            reasoner.setMode(GenericRuleReasoner.FORWARD_RETE);
            InfGraph inf = reasoner.bind(asserted);
            inf.prepare();
            asserted.find().forEachRemaining(closed::add);
            inf.getDeductionsGraph().find().forEachRemaining(t -> {
                if (isSchema(t) && closed.add(t))
                    derived.add(t);
            });
            inf.close();
            for (Triple t : closed) {
                Node s = t.getSubject(), p = t.getPredicate(), o = t.getObject();
                if (p.equals(SUB_CLASS)) superClasses.computeIfAbsent(s, k -> new HashSet<>()).add(o);
                else if (p.equals(SUB_PROP) && !s.equals(o)) superProperties.computeIfAbsent(s, k -> new HashSet<>()).add(o);
                else if (p.equals(INVERSE)) inverses.computeIfAbsent(s, k -> new HashSet<>()).add(o);
                else if (p.equals(DOMAIN)) domains.computeIfAbsent(s, k -> new HashSet<>()).add(o);
                else if (p.equals(RANGE)) ranges.computeIfAbsent(s, k -> new HashSet<>()).add(o);
                else if (p.equals(TYPE) && o.equals(SYMMETRIC)) symmetric.add(s);
                else if (p.equals(TYPE) && o.equals(TRANSITIVE)) transitive.add(s);
            }
        }
    }

    static boolean isSchema(Triple t) {
        Node p = t.getPredicate();
        return SCHEMA_PREDICATES.contains(p) || p.equals(TYPE) && (t.getObject().equals(SYMMETRIC) || t.getObject().equals(TRANSITIVE));
    }

    private Schema readSchema(Set<Triple> extra) {
        Schema schema = new Schema();
        for (Node p : SCHEMA_PREDICATES)
            dsg.find(Node.ANY, Node.ANY, p, Node.ANY).forEachRemaining(q -> {
                if (!shapes.equals(q.getGraph())) schema.asserted.add(q.asTriple());
            });
        for (Node o : List.of(SYMMETRIC, TRANSITIVE))
            dsg.find(Node.ANY, Node.ANY, TYPE, o).forEachRemaining(q -> {
                if (!shapes.equals(q.getGraph())) schema.asserted.add(q.asTriple());
            });
        extra.forEach(schema.asserted::add);
        schema.close();
        return schema;
    }

    /** Whether a triple is asserted in some graph other than the shapes graph. */
    private boolean inBase(Triple t) {
        Iterator<Quad> it = dsg.find(Node.ANY, t.getSubject(), t.getPredicate(), t.getObject());
        while (it.hasNext()) {
            if (!shapes.equals(it.next().getGraph()))
                return true;
        }
        return false;
    }

    private long derive(Path workFile) {
        Set<Triple> schemaFound = new HashSet<>();
        while (true) {
            Schema schema = readSchema(schemaFound);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(workFile), 1 << 16)) {
                StreamRDF thrift = StreamRDFWriter.getWriterStream(out, RDFFormat.RDF_THRIFT);
                thrift.start();
                Deriver pass = new Deriver(schema, d -> {
                    if (inBase(d))
                        return false;
                    thrift.triple(d);
                    return true;
                });
                pass.begin(transitiveEdges(schema));
                Iterator<Node> graphs = dsg.listGraphNodes();
                while (graphs.hasNext()) {
                    Node g = graphs.next();
                    if (shapes.equals(g))
                        continue;
                    Iterator<Quad> it = dsg.find(g, Node.ANY, Node.ANY, Node.ANY);
                    while (it.hasNext()) {
                        progress.add(1);
                        pass.asserted(it.next().asTriple());
                    }
                    pass.endOfGraph();
                }
                pass.finish();
                thrift.finish();
                if (pass.newSchema.isEmpty())
                    return pass.written;
                schemaFound.addAll(pass.newSchema);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot write " + workFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** The asserted edges of the schema's transitive properties (outside the shapes graph). */
    private Map<Node, Set<Triple>> transitiveEdges(Schema schema) {
        Map<Node, Set<Triple>> edges = new HashMap<>();
        for (Node p : schema.transitive) {
            Set<Triple> e = new HashSet<>();
            dsg.find(Node.ANY, Node.ANY, p, Node.ANY).forEachRemaining(q -> {
                if (!shapes.equals(q.getGraph())) e.add(q.asTriple());
            });
            edges.put(p, e);
        }
        return edges;
    }

    /**
     * The derivation with a fixed schema: asserted triples go in one by one ({@link #asserted}), in any
     * order; every triple they entail (through the per-triple rules, and through the transitive
     * properties' edges at {@link #finish}) goes to the sink, each at least once. Derived triples that
     * would change the schema are collected in {@link #newSchema}: the result is then incomplete, and the
     * derivation must run again with them in the schema.
     */
    static final class Deriver {
        /** Where a derived triple goes; returns whether it was written (counted). */
        interface Sink { boolean accept(Triple derived); }

        final Schema schema;
        final Sink out;
        final Set<Triple> newSchema = new HashSet<>();
        /** Edges of the transitive properties, asserted or derived (the only data held in memory). */
        Map<Node, Set<Triple>> edges = new HashMap<>();
        final Map<Triple, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Triple, Boolean> e) { return size() > RECENT; }
        };
        /** Derived triples already handled for the subject being streamed. */
        final Set<Triple> local = new HashSet<>();
        private Node subject;
        long written;

        Deriver(Schema schema, Sink out) {
            this.schema = schema;
            this.out = out;
        }

        /**
         * Starts: {@code knownEdges} holds the asserted edges of the transitive properties if they are
         * known now (an edge known here is not followed when derived again), else empty maps fill as
         * triples are added. The schema rules' own conclusions are derived triples too, with consequences.
         */
        void begin(Map<Node, Set<Triple>> knownEdges) {
            edges = knownEdges;
            for (Node p : schema.transitive)
                edges.computeIfAbsent(p, k -> new HashSet<>());
            for (Triple t : schema.derived)
                closure(t, true);
            local.clear();
        }

        /** One asserted triple (outside the shapes graph). */
        void asserted(Triple t) {
            if (!t.getSubject().equals(subject)) {
                local.clear();
                subject = t.getSubject();
            }
            Set<Triple> e = edges.get(t.getPredicate());
            if (e != null)
                e.add(t);
            closure(t, false);
        }

        /** The triples of one graph are all in (only frees what served to skip repeats). */
        void endOfGraph() {
            local.clear();
            subject = null;
        }

        /** Every asserted triple is in: closes the transitive properties. */
        void finish() {
            endOfGraph();
            transitiveClosure();
        }

        /** Derives everything one triple entails with the schema alone, following derived triples. */
        void closure(Triple start, boolean startIsDerived) {
            Deque<Triple> work = new ArrayDeque<>();
            if (startIsDerived) {
                if (!accept(start))
                    return;
            }
            work.add(start);
            while (!work.isEmpty()) {
                Triple t = work.poll();
                Node x = t.getSubject(), p = t.getPredicate(), y = t.getObject();
                if (p.equals(TYPE))
                    for (Node b : schema.superClasses.getOrDefault(y, Set.of()))
                        emit(Triple.create(x, TYPE, b), work);
                for (Node q : schema.superProperties.getOrDefault(p, Set.of()))
                    emit(Triple.create(x, q, y), work);
                if (!y.isLiteral()) {
                    for (Node q : schema.inverses.getOrDefault(p, Set.of()))
                        emit(Triple.create(y, q, x), work);
                    if (schema.symmetric.contains(p))
                        emit(Triple.create(y, p, x), work);
                    for (Node c : schema.ranges.getOrDefault(p, Set.of()))
                        emit(Triple.create(y, TYPE, c), work);
                }
                for (Node c : schema.domains.getOrDefault(p, Set.of()))
                    emit(Triple.create(x, TYPE, c), work);
            }
        }

        private void emit(Triple d, Deque<Triple> work) {
            if (accept(d))
                work.add(d);
        }

        /** Records a derived triple once; true when it is new (and so its consequences must follow). */
        private boolean accept(Triple d) {
            if (!local.add(d) || recent.containsKey(d))
                return false;
            recent.put(d, Boolean.TRUE);
            Set<Triple> e = edges.get(d.getPredicate());
            if (e != null && !e.add(d))
                return false;   // an edge already known: derived before, or asserted
            if (isSchema(d) && !schema.closed.contains(d))
                newSchema.add(d);
            if (!d.getSubject().isLiteral() && out.accept(d))
                written++;
            return true;
        }

        /** Closes the transitive properties' edges; new edges go through the per-triple rules. */
        void transitiveClosure() {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Node p : schema.transitive) {
                    Map<Node, Set<Node>> next = new HashMap<>();
                    for (Triple t : edges.get(p))
                        next.computeIfAbsent(t.getSubject(), k -> new HashSet<>()).add(t.getObject());
                    List<Triple> found = new ArrayList<>();
                    for (Node a : next.keySet()) {
                        Set<Node> seen = new HashSet<>();
                        Deque<Node> todo = new ArrayDeque<>(next.get(a));
                        while (!todo.isEmpty()) {
                            Node b = todo.poll();
                            if (!seen.add(b))
                                continue;
                            Triple ab = Triple.create(a, p, b);
                            if (!edges.get(p).contains(ab))
                                found.add(ab);
                            todo.addAll(next.getOrDefault(b, Set.of()));
                        }
                    }
                    for (Triple t : found) {
                        local.clear();
                        if (!edges.get(p).contains(t)) {
                            closure(t, true);
                            changed = true;
                        }
                    }
                }
            }
            local.clear();
        }
    }
}
