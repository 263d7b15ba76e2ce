package org.aihegemony.kg.linkeddata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.linkeddata.ResourceDescription.Statement;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * The HTML page of a resource: its labels and types, its statements with linked values, the links to
 * it, and for each statement the evidence passage (quote and section) that states it.
 */
final class ResourcePage {
    private static final Set<Node> SHOWN_ABOVE = Set.of(RDF.type.asNode(), RDFS.label.asNode(), Terms.altLabel,
            Terms.editorialNote, AIH.node(AIH.quote));

    private final ResourceDescription d;
    private final Base base;
    private final Labels labels;
    private final String name;

    ResourcePage(ResourceDescription d, Base base, String name) {
        this.d = d;
        this.base = base;
        this.name = name;
        Graph g = GraphFactory.createDefaultGraph();
        d.context().find().forEachRemaining(g::add);
        d.outgoing().forEach(s -> g.add(s.triple()));
        this.labels = new Labels(g, base);
    }

    String render() {
        Node x = d.subject();
        Html h = new Html();
        List<String> ko = labels.values(x, RDFS.label.asNode(), "ko");
        List<String> en = labels.values(x, RDFS.label.asNode(), "en");
        h.raw("<article class=\"resource\">\n<h1>");
        if (!ko.isEmpty())
            h.raw("<span lang=\"ko\">").text(ko.get(0)).raw("</span>");
        if (!en.isEmpty())
            h.raw(ko.isEmpty() ? "" : " <span class=\"sep\">·</span> ").raw("<span lang=\"en\">").text(en.get(0)).raw("</span>");
        if (ko.isEmpty() && en.isEmpty())
            h.text(labels.shortName(x));
        h.raw("</h1>\n");
        otherLabels(h, x);
        h.raw("<p class=\"iri\"><code>").text(x.getURI()).raw("</code></p>\n");
        List<Node> types = objects(x, RDF.type.asNode());
        if (!types.isEmpty()) {
            h.raw("<p class=\"types\">");
            for (Node t : types)
                h.raw("<span class=\"type\">").raw(labels.html(t)).raw("</span> ");
            h.raw("</p>\n");
        }
        for (String note : labels.values(x, Terms.editorialNote, null))
            h.raw("<p class=\"note\"><strong>Editorial note:</strong> ").text(note).raw("</p>\n");

        List<String> quotes = labels.values(x, AIH.node(AIH.quote), null);
        if (!quotes.isEmpty()) {
            h.raw("<section class=\"passage\"><h2>Passage</h2>\n");
            for (String q : quotes)
                h.raw("<blockquote lang=\"ko\" class=\"quote\">").text(q).raw("</blockquote>\n");
            for (Node s : objects(x, AIH.node(AIH.section)))
                h.raw("<p class=\"section\">Section: ").raw(labels.html(s)).raw("</p>\n");
            h.raw("</section>\n");
        }
        if (!d.stated().isEmpty()) {
            h.raw("<section class=\"stated\"><h2>Facts this passage states</h2>\n<ul class=\"facts\">\n");
            for (Statement s : d.stated())
                h.raw("<li>").raw(labels.html(s.triple().getSubject())).raw(" <span class=\"pred\">")
                 .raw(labels.html(s.triple().getPredicate())).raw("</span> ").raw(value(s.triple().getObject(), d.stated(), 0))
                 .raw("</li>\n");
            h.raw("</ul></section>\n");
        }

        List<Statement> own = d.outgoing().stream().filter(s -> s.triple().getSubject().equals(x)
                && !SHOWN_ABOVE.contains(s.triple().getPredicate())).toList();
        if (!own.isEmpty()) {
            h.raw("<section class=\"statements\"><h2>Statements</h2>\n");
            statements(h, own, false);
            h.raw("</section>\n");
        }
        if (!d.incoming().isEmpty()) {
            h.raw("<section class=\"incoming\"><h2>Linked from</h2>\n");
            statements(h, d.incoming(), true);
            h.raw("</section>\n");
        }
        h.raw(Layout.formatLinks("/data/" + name, RdfFormat.all()));
        h.raw("</article>");
        String title = en.isEmpty() ? (ko.isEmpty() ? name : ko.get(0)) : en.get(0);
        return Layout.page(title, "en", Layout.rdfAlternates("/data/" + name, RdfFormat.all()), null, h.toString());
    }

    private void otherLabels(Html h, Node x) {
        List<String> others = new ArrayList<>();
        d.outgoing().stream().filter(s -> s.triple().getSubject().equals(x)).forEach(s -> {
            Node p = s.triple().getPredicate();
            Node o = s.triple().getObject();
            if (!o.isLiteral())
                return;
            String lang = o.getLiteralLanguage();
            boolean label = p.equals(RDFS.label.asNode()) && !lang.equals("ko") && !lang.equals("en");
            if (label || p.equals(Terms.altLabel))
                others.add(new Html().raw("<span lang=\"").text(lang).raw("\">").text(o.getLiteralLexicalForm())
                        .raw("</span>").toString());
        });
        if (!others.isEmpty())
            h.raw("<p class=\"alt\">Also: ").raw(String.join(", ", others)).raw("</p>\n");
    }

    private List<Node> objects(Node s, Node p) {
        List<Node> l = new ArrayList<>();
        d.outgoing().forEach(st -> {
            if (st.triple().getSubject().equals(s) && st.triple().getPredicate().equals(p))
                l.add(st.triple().getObject());
        });
        return l;
    }

    /** Statements grouped by property; incoming ones show their subjects. */
    private void statements(Html h, List<Statement> list, boolean incoming) {
        Map<Node, List<Statement>> byProperty = new LinkedHashMap<>();
        for (Statement s : list)
            byProperty.computeIfAbsent(s.triple().getPredicate(), k -> new ArrayList<>()).add(s);
        h.raw("<dl class=\"props\">\n");
        byProperty.forEach((p, sts) -> {
            h.raw("<dt>").raw(labels.html(p)).raw(incoming ? " <small>(of)</small>" : "").raw("</dt>\n");
            for (Statement s : sts) {
                Node v = incoming ? s.triple().getSubject() : s.triple().getObject();
                h.raw("<dd>").raw(incoming ? labels.html(v) : value(v, d.outgoing(), 0));
                if (s.inferred())
                    h.raw(" <small class=\"tag inferred\" title=\"entailed by the ontology\">inferred</small>");
                evidence(h, s);
                h.raw("</dd>\n");
            }
        });
        h.raw("</dl>\n");
    }

    /** A value; a blank node (a figure, an n-ary node) is shown with its own statements. */
    private String value(Node v, List<Statement> within, int depth) {
        if (!v.isBlank() || depth > 3)
            return labels.html(v);
        Html h = new Html();
        h.raw("<ul class=\"node\">");
        for (Statement s : within)
            if (s.triple().getSubject().equals(v))
                h.raw("<li>").raw(labels.html(s.triple().getPredicate())).raw(": ")
                 .raw(value(s.triple().getObject(), within, depth + 1)).raw("</li>");
        return h.raw("</ul>").toString();
    }

    private void evidence(Html h, Statement s) {
        for (Node ev : s.evidence()) {
            Graph c = d.context();
            h.raw("<div class=\"evidence\">");
            for (String q : new Labels(c, base).values(ev, AIH.node(AIH.quote), null))
                h.raw("<blockquote lang=\"ko\" class=\"quote\">").text(q).raw("</blockquote>");
            h.raw("<p class=\"cite\">");
            List<Node> sections = new ArrayList<>();
            c.find(ev, AIH.node(AIH.section), Node.ANY).forEachRemaining(t -> sections.add(t.getObject()));
            for (Node sec : sections)
                h.raw(labels.html(sec)).raw(" · ");
            h.raw("<a href=\"").text(base.href(ev)).raw("\">").text(labels.shortName(ev)).raw("</a></p></div>");
        }
    }
}
