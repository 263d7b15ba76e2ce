package org.aihegemony.kg.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.atlas.lib.tuple.TupleFactory;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.util.NodeCmp;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.tupletable.TupleIndex;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;

/**
 * The costliest of the repository's {@code queries/checks}, each also written as a pass over the
 * TDB2 store's quad indexes: same rows, same order, a fraction of the time. Row-at-a-time SPARQL pays one
 * or more B+tree look-ups per row (per inferred type, per data quad, per resource); these walk an index in
 * key order and look up per resource, with the few facts they need again (subclass links, evidence graphs)
 * kept in small bounded caches.
 * <p>
 * The query stays the definition: a twin runs only when the check's text is exactly the text it was written
 * from (its SHA-256), so an edited or user-supplied check always runs as SPARQL. {@code TestCompiledChecks}
 * runs each twin and its query side by side on fixtures with and without violations and on random stores,
 * and fails when a repository check no longer matches its twin's hash.
 */
final class CompiledChecks {
    /** One check's rows: its result variables in order, a row a map from variable to value (absent = unbound). */
    record Rows(List<String> vars, long count, List<Map<String, Node>> first) { }

    /** A twin: the check's file name, the SHA-256 of its text, its result variables and the pass. */
    record Twin(String file, String sha256, List<String> vars, Pass pass) {
        Rows run(DatasetGraph dsg, int keep) {
            Store s = new Store(dsg);
            Sink sink = new Sink(vars, keep);
            pass.run(s, sink);
            return sink.rows();
        }
    }

    interface Pass {
        void run(Store store, Sink sink);
    }

    static final List<Twin> TWINS = List.of(
            new Twin("entailed-type-violation.rq",
                    "eb8812b7a24cd08e4c0d044b7b2ab7c6a310fa4f5f91c3a8a55970a3210b1a25",
                    List.of("resource", "type", "message"), CompiledChecks::entailedType),
            new Twin("evidence-coverage-violation.rq",
                    "c2c3c398925a0bb92bd3f5d4292790f38bffbc65cad7696c30dcfc08d7180d2b",
                    List.of("resource", "predicate", "object", "message"), CompiledChecks::evidenceCoverage),
            new Twin("missing-label-violation.rq",
                    "408f67b291ff451da61c6621d9e08f393227183283ff1f7bdb7435be0b23e124",
                    List.of("resource", "message"), CompiledChecks::missingLabel),
            new Twin("duplicate-label-violation.rq",
                    "498d7560e4e46363874005466836dff90d9cf020ec4ebe8eb9e1a67272fedc9d",
                    List.of("resource", "other", "label", "message"), CompiledChecks::duplicateLabel),
            new Twin("untyped-resource-violation.rq",
                    "2c97b080ee1f72f788409f7f185654cefeec72cf2a27163146f896d385ec9c0b",
                    List.of("resource", "message"), CompiledChecks::untypedResource),
            new Twin("resource-naming-violation.rq",
                    "f3691d802196bf850536daf88af1caac88eb4a2680995943798252bb60dc8f2d",
                    List.of("resource", "message"), CompiledChecks::resourceNaming),
            new Twin("evidence-graph-violation.rq",
                    "2ca5f3fa29bb6057bd91f738fc8c9b48e6d9e580555cecd4ca856978359edcbc",
                    List.of("resource", "message"), CompiledChecks::evidenceGraph),
            new Twin("disjoint-class-violation.rq",
                    "ee0e24324dd2bf35d265f36064404cef7f5d4f5d2fa6270315cf3a9c8f4f22ca",
                    List.of("resource", "class", "other", "message"), CompiledChecks::disjointClass),
            new Twin("entity-label-violation.rq",
                    "e3322833e36c05e034807d89ba916b0d5f782bc692fccc41853ac26a7dd83085",
                    List.of("resource", "label", "message"), CompiledChecks::entityLabel));

    private CompiledChecks() {}

    /** The twin of a check text, or null (the check then runs as SPARQL); only over a TDB2 store. */
    static Twin of(String text, DatasetGraph dsg) {
        if (!TDBInternal.isTDB2(dsg))
            return null;
        String hash = sha256(text);
        for (Twin t : TWINS)
            if (t.sha256.equals(hash))
                return t;
        return null;
    }

    /** The SHA-256 of a check's text, line endings made {@code \n} (a checkout on Windows is the same check). */
    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- The checks -------------------------------------------------------------------------------------

    private static final Node TYPE = RDF.type.asNode();
    private static final Node LABEL = RDFS.label.asNode();
    private static final Node SUBCLASS = RDFS.subClassOf.asNode();
    private static final Node DATA = NodeFactory.createURI(AIH.GRAPH_DATA);
    private static final Node INFERRED = NodeFactory.createURI(AIH.GRAPH_INFERRED);
    private static final Node EVIDENCE = NodeFactory.createURI(AIH.Evidence);

    /**
     * entailed-type: each type of the inferred graph (GSPO led by the graph, so a resource's types come
     * together) that is neither asserted for the resource in another graph nor a superclass (one
     * {@code rdfs:subClassOf} step, in any graph) of a type asserted there. Types are compared as store
     * terms; the query's {@code =} compares literals by value, which differs only for literal "types".
     */
    static void entailedType(Store s, Sink out) {
        NodeId inferred = s.id(INFERRED), type = s.id(TYPE), sub = s.id(SUBCLASS);
        if (inferred == null || type == null)
            return;
        record Link(NodeId sub, NodeId sup) { }
        Map<Link, Boolean> subclass = new HashMap<>();
        Iterator<Tuple<NodeId>> it = s.find("GSPO", inferred, null, type, null);
        NodeId resource = null;
        Set<NodeId> asserted = null;
        while (it.hasNext()) {
            Tuple<NodeId> q = it.next();
            if (!q.get(2).equals(type))
                continue;
            if (!q.get(1).equals(resource)) {
                resource = q.get(1);
                asserted = new HashSet<>();
                Iterator<Tuple<NodeId>> own = s.find("SPOG", null, resource, type, null);
                while (own.hasNext()) {
                    Tuple<NodeId> a = own.next();
                    if (!a.get(0).equals(inferred))
                        asserted.add(a.get(3));
                }
            }
            NodeId t = q.get(3);
            if (asserted.contains(t))
                continue;
            boolean implied = false;
            if (sub != null)
                for (NodeId a : asserted) {
                    Link key = new Link(a, t);
                    Boolean b = subclass.get(key);
                    if (b == null) {
                        if (subclass.size() > 100_000)
                            subclass.clear();
                        b = s.find("SPOG", null, a, sub, t).hasNext();
                        subclass.put(key, b);
                    }
                    if (implied = b)
                        break;
                }
            if (implied)
                continue;
            Node r = s.node(resource), tn = s.node(t);
            out.add(Map.of("resource", r, "type", tn),
                    "Domain or range entailment types the resource as " + str(tn) + ", which none of its asserted types implies");
        }
    }

    private static final Set<Node> COVERAGE_EXEMPT = Set.of(RDF.type.asNode(), RDFS.label.asNode(),
            SKOS.prefLabel.asNode(), SKOS.altLabel.asNode(), OWL.sameAs.asNode(), SKOS.exactMatch.asNode(),
            SKOS.editorialNote.asNode(), RDFS.comment.asNode(), SKOS.definition.asNode(), SKOS.inScheme.asNode(),
            SKOS.topConceptOf.asNode(), SKOS.hasTopConcept.asNode(), SKOS.broader.asNode());
    private static final List<Node> STRUCTURAL = List.of(EVIDENCE, NodeFactory.createURI(AIH.Section),
            NodeFactory.createURI(AIH.Footnote), NodeFactory.createURI(AIH.NS + "Erratum"));

    /**
     * evidence-coverage: each quad of the data graph (GSPO led by the graph: a resource's quads together)
     * about an {@code id/} resource that is not one of the structural kinds, whose predicate is not exempt,
     * and which no graph typed {@code aih:Evidence} in the data graph also states.
     */
    static void evidenceCoverage(Store s, Sink out) {
        NodeId data = s.id(DATA);
        if (data == null)
            return;
        NodeId type = s.id(TYPE), evidence = s.id(EVIDENCE);
        List<NodeId> structural = new ArrayList<>();
        for (Node c : STRUCTURAL) {
            NodeId id = s.id(c);
            if (id != null)
                structural.add(id);
        }
        Map<NodeId, Boolean> exempt = new HashMap<>();
        Map<NodeId, Boolean> evidenceGraph = new HashMap<>();
        Iterator<Tuple<NodeId>> it = s.find("GSPO", data, null, null, null);
        NodeId resource = null;
        boolean candidate = false;
        while (it.hasNext()) {
            Tuple<NodeId> q = it.next();
            if (!q.get(1).equals(resource)) {
                resource = q.get(1);
                Node r = s.node(resource);
                candidate = r.isURI() && r.getURI().startsWith(AIH.ID);
                if (candidate && type != null)
                    for (NodeId c : structural)
                        if (s.find("GSPO", data, resource, type, c).hasNext()) {
                            candidate = false;
                            break;
                        }
            }
            if (!candidate)
                continue;
            NodeId p = q.get(2);
            Boolean skip = exempt.get(p);
            if (skip == null) {
                skip = COVERAGE_EXEMPT.contains(s.node(p));
                exempt.put(p, skip);
            }
            if (skip)
                continue;
            boolean evidenced = false;
            Iterator<Tuple<NodeId>> stating = s.find("SPOG", null, resource, p, q.get(3));
            while (!evidenced && stating.hasNext()) {
                NodeId g = stating.next().get(0);
                Boolean e = evidenceGraph.get(g);
                if (e == null) {
                    if (evidenceGraph.size() > 100_000)
                        evidenceGraph.clear();
                    e = type != null && evidence != null && s.find("GSPO", data, g, type, evidence).hasNext();
                    evidenceGraph.put(g, e);
                }
                evidenced = e;
            }
            if (evidenced)
                continue;
            Node pn = s.node(p);
            out.add(Map.of("resource", s.node(resource), "predicate", pn, "object", s.node(q.get(3))),
                    "Fact asserted outside any evidence graph: " + str(pn));
        }
    }

    /**
     * missing-label: each {@code id/} IRI that is a subject or object in a named graph (the distinct
     * subjects of SPOG merged with the distinct objects of OSPG, in node-id order) and has no
     * {@code rdfs:label} tagged Korean or none tagged English in any named graph.
     */
    static void missingLabel(Store s, Sink out) {
        NodeId label = s.id(LABEL);
        Iterator<NodeId> ids = s.distinct("SPOG", "OSPG");
        while (ids.hasNext()) {
            NodeId id = ids.next();
            if (!s.isResource(id))
                continue;
            boolean ko = false, en = false;
            if (label != null) {
                Iterator<Tuple<NodeId>> labels = s.find("SPOG", null, id, label, null);
                while (labels.hasNext() && !(ko && en)) {
                    NodeId l = labels.next().get(3);
                    if (NodeId.isInline(l))
                        continue;
                    Node n = s.node(l);
                    if (!n.isLiteral())
                        continue;
                    ko |= langMatches(n.getLiteralLanguage(), "ko");
                    en |= langMatches(n.getLiteralLanguage(), "en");
                }
            }
            if (ko && en)
                continue;
            out.add(Map.of("resource", s.node(id)), "Missing rdfs:label in "
                    + (!ko && !en ? "Korean and English" : !ko ? "Korean (@ko)" : "English (@en)"));
        }
    }

    /**
     * untyped-resource: each {@code id/} IRI that is a subject or object in a named graph and has no
     * {@code rdf:type} in the data graph.
     */
    static void untypedResource(Store s, Sink out) {
        NodeId data = s.id(DATA), type = s.id(TYPE);
        Iterator<NodeId> ids = s.distinct("SPOG", "OSPG");
        while (ids.hasNext()) {
            NodeId id = ids.next();
            if (!s.isResource(id))
                continue;
            if (data != null && type != null && s.find("GSPO", data, id, type, null).hasNext())
                continue;
            out.add(Map.of("resource", s.node(id)), "Resource is used but has no rdf:type in the data graph (misspelt identifier?)");
        }
    }

    private static final Pattern KEBAB = Pattern.compile("^https://w3id\\.org/aihegemony/id/[a-z0-9]+(-[a-z0-9]+)*$");

    /** resource-naming: each {@code id/} IRI used as subject, object or graph name that is not kebab-case (the query's REGEX). */
    static void resourceNaming(Store s, Sink out) {
        Iterator<NodeId> ids = s.distinct("SPOG", "OSPG", "GSPO");
        while (ids.hasNext()) {
            Node r = s.resource(ids.next());
            if (r != null && !KEBAB.matcher(r.getURI()).find())
                out.add(Map.of("resource", r), "Identifier is not lowercase ASCII kebab-case");
        }
    }

    private static final Node QUOTE = NodeFactory.createURI(AIH.quote);
    private static final Pattern EDGE_SPACE = Pattern.compile("^\\s|\\s$");

    /**
     * evidence-graph, its three parts: each aih:Evidence node of the data graph without a non-empty graph of
     * its name; each named graph in {@code id/} not typed aih:Evidence in the data graph; each subject of an
     * aih:quote (any graph) whose value starts or ends with white space. A resource and message once each
     * (the query's GROUP BY).
     */
    static void evidenceGraph(Store s, Sink out) {
        NodeId data = s.id(DATA), type = s.id(TYPE), evidence = s.id(EVIDENCE), quote = s.id(QUOTE);
        if (data != null && type != null && evidence != null) {
            Iterator<Tuple<NodeId>> typed = s.find("GPOS", data, null, type, evidence);
            while (typed.hasNext()) {
                NodeId r = typed.next().get(1);
                if (!s.find("GSPO", r, null, null, null).hasNext())
                    out.add(Map.of("resource", s.node(r)), "Evidence node has no (or an empty) named graph of facts");
            }
        }
        Iterator<NodeId> graphs = s.distinct("GSPO");
        while (graphs.hasNext()) {
            NodeId g = graphs.next();
            Node gn = s.node(g);
            if (!str(gn).startsWith(AIH.ID))
                continue;
            if (data == null || type == null || evidence == null || !s.find("GSPO", data, g, type, evidence).hasNext())
                out.add(Map.of("resource", gn), "Named graph in the aihr: namespace is not described as an aih:Evidence");
        }
        if (quote != null) {
            Set<NodeId> reported = new HashSet<>();
            Iterator<Tuple<NodeId>> quotes = s.find("POSG", null, null, quote, null);
            while (quotes.hasNext()) {
                Tuple<NodeId> q = quotes.next();
                if (reported.contains(q.get(1)) || !EDGE_SPACE.matcher(str(s.node(q.get(3)))).find())
                    continue;
                reported.add(q.get(1));
                out.add(Map.of("resource", s.node(q.get(1))), "aih:quote starts or ends with white space");
            }
        }
    }

    private static final Node ONTOLOGY = NodeFactory.createURI(AIH.GRAPH_ONTOLOGY);

    /**
     * disjoint-class: the disjoint pairs of the ontology graph ({@code owl:disjointWith} as stated, and each
     * pair of members of an {@code owl:AllDisjointClasses} list, the lesser first); for each pair whose two
     * classes both have members, the members of the smaller class (the first on a tie) that also have the
     * other type, in any graph. Members are counted as the query counts them: distinct subjects typed so.
     */
    static void disjointClass(Store s, Sink out) {
        NodeId type = s.id(TYPE);
        if (type == null)
            return;
        DatasetGraph dsg = s.dsg;
        List<Node[]> pairs = new ArrayList<>();
        dsg.find(ONTOLOGY, Node.ANY, OWL.disjointWith.asNode(), Node.ANY)
                .forEachRemaining(q -> pairs.add(new Node[] { q.getSubject(), q.getObject() }));
        dsg.find(ONTOLOGY, Node.ANY, TYPE, OWL.AllDisjointClasses.asNode()).forEachRemaining(axiom ->
                dsg.find(ONTOLOGY, axiom.getSubject(), OWL.members.asNode(), Node.ANY).forEachRemaining(list -> {
                    List<Node> members = listMembers(dsg, list.getObject());
                    for (Node a : members)
                        for (Node b : members)
                            if (str(a).compareTo(str(b)) < 0)
                                pairs.add(new Node[] { a, b });
                }));
        Map<Node, Long> members = new HashMap<>();
        Set<List<Node>> done = new HashSet<>();
        for (Node[] pair : pairs) {
            long na = members.computeIfAbsent(pair[0], c -> countMembers(s, type, c));
            long nb = members.computeIfAbsent(pair[1], c -> countMembers(s, type, c));
            if (na == 0 || nb == 0)
                continue;
            Node cls = na <= nb ? pair[0] : pair[1], other = na <= nb ? pair[1] : pair[0];
            if (!done.add(List.of(cls, other)))
                continue;
            NodeId c = s.id(cls), o = s.id(other);
            String message = "Member of the disjoint classes " + str(cls) + " and " + str(other);
            Iterator<NodeId> inClass = Iter.distinctAdjacent(Iter.map(s.find("POSG", null, null, type, c), t -> t.get(1)));
            while (inClass.hasNext()) {
                NodeId x = inClass.next();
                if (s.find("SPOG", null, x, type, o).hasNext())
                    out.add(Map.of("resource", s.node(x), "class", cls, "other", other), message);
            }
        }
    }

    /** The members of an RDF list in the ontology graph: rdf:first of each cell reachable by rdf:rest* (the list itself included). */
    private static List<Node> listMembers(DatasetGraph dsg, Node list) {
        List<Node> out = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        List<Node> cells = new ArrayList<>(List.of(list));
        while (!cells.isEmpty()) {
            Node cell = cells.remove(cells.size() - 1);
            if (!seen.add(cell))
                continue;
            dsg.find(ONTOLOGY, cell, RDF.first.asNode(), Node.ANY).forEachRemaining(q -> out.add(q.getObject()));
            dsg.find(ONTOLOGY, cell, RDF.rest.asNode(), Node.ANY).forEachRemaining(q -> cells.add(q.getObject()));
        }
        return out;
    }

    /** Distinct subjects typed {@code c} in any graph (POSG led by rdf:type and the class: the subjects come sorted). */
    private static long countMembers(Store s, NodeId type, Node c) {
        NodeId id = s.id(c);
        if (id == null)
            return 0;
        long n = 0;
        Iterator<NodeId> it = Iter.distinctAdjacent(Iter.map(s.find("POSG", null, null, type, id), t -> t.get(1)));
        for (; it.hasNext(); it.next())
            n++;
        return n;
    }

    private static final List<Node> TITLED = List.of(NodeFactory.createURI(AIH.NS + "CitedWork"), NodeFactory.createURI(AIH.NS + "Policy"),
            NodeFactory.createURI(AIH.Article), NodeFactory.createURI(AIH.Section), NodeFactory.createURI(AIH.NS + "Figure"),
            NodeFactory.createURI(AIH.NS + "Table"), NodeFactory.createURI(AIH.NS + "Organization"));

    /**
     * entity-label: each English {@code rdfs:label} of the data graph (GPOS led by the graph and the
     * predicate) longer than 60 characters (code points, as STRLEN counts) on an {@code id/} resource that
     * has none of the titled types in any graph.
     */
    static void entityLabel(Store s, Sink out) {
        NodeId data = s.id(DATA), label = s.id(LABEL), type = s.id(TYPE);
        if (data == null || label == null)
            return;
        List<NodeId> titled = new ArrayList<>();
        for (Node c : TITLED) {
            NodeId id = s.id(c);
            if (id != null)
                titled.add(id);
        }
        Iterator<Tuple<NodeId>> it = s.find("GPOS", data, null, label, null);
        while (it.hasNext()) {
            Tuple<NodeId> q = it.next();
            if (NodeId.isInline(q.get(3)))
                continue;
            Node l = s.node(q.get(3));
            if (!l.isLiteral() || !langMatches(l.getLiteralLanguage(), "en"))
                continue;
            String text = l.getLiteralLexicalForm();
            if (text.codePointCount(0, text.length()) <= 60)
                continue;
            Node r = s.resource(q.get(1));
            if (r == null)
                continue;
            boolean isTitled = false;
            if (type != null)
                for (NodeId c : titled)
                    if (isTitled = s.find("SPOG", null, q.get(1), type, c).hasNext())
                        break;
            if (!isTitled)
                out.add(Map.of("resource", r, "label", l),
                        "English label longer than 60 characters (a description, not a name): '" + text + "'");
        }
    }

    /**
     * duplicate-label: each pair of {@code id/} IRIs with the same {@code rdfs:label} literal in the data
     * graph (GPOS led by the graph and the predicate: the subjects of one label come together), the lesser
     * IRI first.
     */
    static void duplicateLabel(Store s, Sink out) {
        NodeId data = s.id(DATA), label = s.id(LABEL);
        if (data == null || label == null)
            return;
        Iterator<Tuple<NodeId>> it = s.find("GPOS", data, null, label, null);
        NodeId value = null;
        List<String> subjects = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Tuple<NodeId> q = it.hasNext() ? it.next() : null;
            if (q == null || !q.get(3).equals(value)) {
                if (nodes.size() > 1) {
                    Node l = s.node(value);
                    String message = "Same label '" + str(l) + "' on two resources";
                    for (int i = 0; i < nodes.size(); i++)
                        for (int j = 0; j < nodes.size(); j++)
                            if (subjects.get(i).compareTo(subjects.get(j)) < 0)
                                out.add(Map.of("resource", nodes.get(i), "other", nodes.get(j), "label", l), message);
                }
                if (q == null)
                    break;
                value = q.get(3);
                subjects.clear();
                nodes.clear();
            }
            Node r = s.node(q.get(1));
            if (r.isURI() && r.getURI().startsWith(AIH.ID)) {
                subjects.add(r.getURI());
                nodes.add(r);
            }
        }
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    /** SPARQL's LANGMATCHES for a plain range: the tag, or the tag's first subtags, case-insensitively. */
    static boolean langMatches(String tag, String range) {
        if (tag == null || tag.isEmpty())
            return false;
        String t = tag.toLowerCase(Locale.ROOT);
        return t.equals(range) || t.startsWith(range + "-");
    }

    /** STR() as Jena computes it: an IRI's text, a literal's lexical form, a blank node's label after "_:". */
    static String str(Node n) {
        if (n.isURI())
            return n.getURI();
        if (n.isLiteral())
            return n.getLiteralLexicalForm();
        return "_:" + n.getBlankNodeLabel();
    }

    /**
     * The store's quad indexes and nodes, read in the caller's read transaction, on one thread: a
     * {@link TdbScan} (nodes decoded from the node file's mapping), its indexes looked up once by name.
     */
    static final class Store {
        private static final byte[] ID_BYTES = AIH.ID.getBytes(StandardCharsets.UTF_8);
        final DatasetGraph dsg;
        private final TdbScan scan;
        private final Map<String, TupleIndex> indexes = new HashMap<>();

        Store(DatasetGraph dsg) {
            this.dsg = dsg;
            this.scan = TdbScan.open(dsg);
        }

        /** A node's id, or null when the store does not have it. */
        NodeId id(Node n) {
            return scan.id(n);
        }

        Node node(NodeId id) {
            return scan.node(id);
        }

        /** Whether an id is of an {@code id/} IRI, told without decoding any other term (see {@link TdbScan#isIri}). */
        boolean isResource(NodeId id) {
            return scan.isIri(id, ID_BYTES);
        }

        /** An {@code id/} IRI by its id, or null for any other term. */
        Node resource(NodeId id) {
            return isResource(id) ? node(id) : null;
        }

        /**
         * The distinct terms of a position over all quads, merged ascending: the subjects of SPOG, the
         * objects of OSPG, the graphs of GSPO (each index led by that position).
         */
        Iterator<NodeId> distinct(String... indexes) {
            List<Iterator<NodeId>> runs = new ArrayList<>();
            for (String name : indexes) {
                TupleIndex idx = index(name);
                int slot = idx.getMapping().getSlotIdx(0);
                runs.add(Iter.distinctAdjacent(Iter.map(idx.all(), t -> t.get(slot))));
            }
            return DistinctTermScan.merged(runs);
        }

        TupleIndex index(String name) {
            return indexes.computeIfAbsent(name, scan::index);
        }

        /** The quads matching (g, s, p, o) (null = any), from the named index (its leading constants a prefix), in GSPO order. */
        Iterator<Tuple<NodeId>> find(String index, NodeId g, NodeId s, NodeId p, NodeId o) {
            return index(index).find(TupleFactory.create4(any(g), any(s), any(p), any(o)));
        }

        private static NodeId any(NodeId id) {
            return id == null ? NodeId.NodeIdAny : id;
        }
    }

    /**
     * The rows of one check as its ORDER BY gives them — the least {@code keep} by the check's variables in
     * order, compared as {@code ORDER BY} compares terms ({@link NodeCmp#compareRDFTerms}) — and how many
     * there are. Each check orders by its leading variables; rows equal on those differ only in a value the
     * report does not show (evidence-coverage's ?object), except two labels shared by one pair of resources
     * in duplicate-label, which come here by the label and Jena by its own tie-break.
     */
    static final class Sink {
        private final List<String> vars;
        private final int keep;
        private final Comparator<Map<String, Node>> order;
        private final PriorityQueue<Map<String, Node>> least;
        private long count;

        Sink(List<String> vars, int keep) {
            this.vars = vars;
            this.keep = keep;
            Comparator<Map<String, Node>> c = (a, b) -> 0;
            for (String v : vars)
                c = c.thenComparing((a, b) -> compare(a.get(v), b.get(v)));
            this.order = c;
            this.least = new PriorityQueue<>(order.reversed());
        }

        private static int compare(Node a, Node b) {
            if (a == null || b == null)
                return a == null ? (b == null ? 0 : -1) : 1;
            return NodeCmp.compareRDFTerms(a, b);
        }

        /** A row: its values and its message. */
        void add(Map<String, Node> values, String message) {
            count++;
            Map<String, Node> row = new HashMap<>(values);
            row.put("message", NodeFactory.createLiteralString(message));
            least.add(row);
            if (least.size() > keep)
                least.poll();
        }

        Rows rows() {
            List<Map<String, Node>> first = new ArrayList<>(least);
            first.sort(order);
            return new Rows(vars, count, first);
        }
    }
}
