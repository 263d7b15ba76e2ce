package org.aihegemony.kg.linkeddata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.vocabulary.RDFS;

/** How nodes are shown on pages: by their Korean and English labels, linked where they can be looked up. */
final class Labels {
    private final Graph graph;
    private final Base base;
    private final PrefixMapping prefixes;

    Labels(Graph graph, Base base) {
        this.graph = graph;
        this.base = base;
        this.prefixes = Terms.prefixes(base);
    }

    /** The rdfs:label of a node in a language ("" for no language tag). */
    Optional<String> label(Node n, String lang) {
        return values(n, RDFS.label.asNode(), lang).stream().findFirst();
    }

    List<String> values(Node n, Node p, String lang) {
        List<String> l = new ArrayList<>();
        graph.find(n, p, Node.ANY).forEachRemaining(t -> {
            Node o = t.getObject();
            if (o.isLiteral() && (lang == null || o.getLiteralLanguage().equalsIgnoreCase(lang)))
                l.add(o.getLiteralLexicalForm());
        });
        l.sort(null);
        return l;
    }

    /** The shortest name for a node without a label: a prefixed name or the IRI. */
    String shortName(Node n) {
        if (n.isBlank())
            return "(unnamed node)";
        if (!n.isURI())
            return n.toString();
        String q = prefixes.qnameFor(n.getURI());
        return q != null ? q : n.getURI();
    }

    /** A node's name for people: "English · 한국어", or its short name. */
    String name(Node n) {
        Optional<String> en = label(n, "en");
        Optional<String> ko = label(n, "ko");
        if (en.isPresent() && ko.isPresent() && !en.get().equals(ko.get()))
            return en.get() + " · " + ko.get();
        return en.or(() -> ko).or(() -> label(n, "")).orElseGet(() -> shortName(n));
    }

    /** A node as HTML: IRIs linked (ours to our pages), literals with their language or datatype. */
    String html(Node n) {
        Html h = new Html();
        if (n.isURI() && base.href(n).isEmpty()) {
            h.raw("<span title=\"").text(n.getURI()).raw("\">").text(name(n)).raw("</span>");
        } else if (n.isURI()) {
            String href = base.href(n);
            boolean external = href.equals(n.getURI());
            h.raw("<a href=\"").text(href).raw("\"").raw(external ? " class=\"external\" rel=\"nofollow\"" : "")
             .raw(" title=\"").text(n.getURI()).raw("\">").text(name(n)).raw("</a>");
        } else if (n.isLiteral()) {
            String lang = n.getLiteralLanguage();
            if (!lang.isEmpty()) {
                h.raw("<span lang=\"").text(lang).raw("\">").text(n.getLiteralLexicalForm())
                 .raw("</span> <small class=\"tag\">").text(lang).raw("</small>");
            } else {
                h.text(n.getLiteralLexicalForm());
                String dt = n.getLiteralDatatypeURI();
                if (dt != null && !dt.equals(XSDDatatype.XSDstring.getURI()))
                    h.raw(" <small class=\"tag\">").text(shortName(org.apache.jena.graph.NodeFactory.createURI(dt))).raw("</small>");
            }
        } else {
            h.text(shortName(n));
        }
        return h.toString();
    }
}
