package org.aihegemony.kg.linkeddata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/** The ontology as one HTML page, with an anchor per term ({@code /ontology#Term}). */
final class OntologyPage {
    static final Set<Node> CLASS_TYPES = Set.of(OWL.Class.asNode(), RDFS.Class.asNode());
    static final Set<Node> PROPERTY_TYPES = Set.of(OWL.ObjectProperty.asNode(), OWL.DatatypeProperty.asNode(),
            OWL.AnnotationProperty.asNode(), RDF.Property.asNode());

    private final Site site;
    private final Graph g;
    private final Labels labels;

    OntologyPage(Site site, Graph ontology) {
        this.site = site;
        this.g = ontology;
        this.labels = new Labels(ontology, site.base());
    }

    String render() {
        Base base = site.base();
        Node onto = NodeFactory.createURI(base.ontology());
        Html h = new Html();
        String title = labels.values(onto, Terms.title, "en").stream().findFirst().orElse("AI Hegemony KG ontology");
        h.raw("<h1>").text(title).raw("</h1>\n");
        for (String ko : labels.values(onto, Terms.title, "ko"))
            h.raw("<p lang=\"ko\" class=\"alt\">").text(ko).raw("</p>\n");
        h.raw("<p class=\"iri\"><code>").text(base.ontology()).raw("</code> · prefix <code>aih:</code> = <code>")
         .text(base.ns()).raw("</code></p>\n");
        for (String d : labels.values(onto, Terms.description, "en"))
            h.raw("<p>").text(d).raw("</p>\n");
        for (String v : labels.values(onto, OWL.versionInfo.asNode(), null))
            h.raw("<p>Version ").text(v).raw("</p>\n");
        g.find(onto, Terms.license, Node.ANY).forEachRemaining(t -> h.raw("<p>License: ").raw(labels.html(t.getObject())).raw("</p>\n"));
        List<Node> classes = terms(CLASS_TYPES);
        List<Node> properties = terms(PROPERTY_TYPES);
        h.raw("<p>").text(classes.size() + " classes, " + properties.size() + " properties. ")
         .raw("<a href=\"#classes\">Classes</a> · <a href=\"#properties\">Properties</a></p>\n");
        h.raw(Layout.formatLinks("/ontology", RdfFormat.tripleFormats()));
        h.raw("<h2 id=\"classes\">Classes</h2>\n");
        for (Node c : classes)
            term(h, c, true);
        h.raw("<h2 id=\"properties\">Properties</h2>\n");
        for (Node p : properties)
            term(h, p, false);
        return Layout.page(title, "en", Layout.rdfAlternates("/ontology", RdfFormat.tripleFormats()), null, h.toString());
    }

    /** Our terms (in the ontology's namespace) of the given types, by local name. */
    private List<Node> terms(Set<Node> types) {
        List<Node> l = new ArrayList<>();
        g.find(Node.ANY, RDF.type.asNode(), Node.ANY).forEachRemaining(t -> {
            if (types.contains(t.getObject()) && site.base().termOf(t.getSubject()).isPresent() && !l.contains(t.getSubject()))
                l.add(t.getSubject());
        });
        l.sort(Comparator.comparing(n -> n.getURI().toLowerCase()));
        return l;
    }

    private void term(Html h, Node t, boolean isClass) {
        String local = site.base().termOf(t).orElseThrow();
        h.raw("<section class=\"term\" id=\"").text(local).raw("\"><h3><a href=\"#").text(local).raw("\">aih:")
         .text(local).raw("</a> ");
        labels.label(t, "ko").ifPresent(l -> h.raw("<span lang=\"ko\">").text(l).raw("</span> "));
        labels.label(t, "en").ifPresent(l -> h.raw("<span class=\"sep\">·</span> <span lang=\"en\">").text(l).raw("</span>"));
        h.raw("</h3>\n");
        for (String d : labels.values(t, Terms.definition, "en"))
            h.raw("<p>").text(d).raw("</p>\n");
        for (String d : labels.values(t, Terms.definition, "ko"))
            h.raw("<p lang=\"ko\">").text(d).raw("</p>\n");
        for (String d : labels.values(t, RDFS.comment.asNode(), null))
            h.raw("<p>").text(d).raw("</p>\n");
        related(h, t, isClass ? RDFS.subClassOf.asNode() : RDFS.subPropertyOf.asNode(), isClass ? "Subclass of" : "Subproperty of");
        if (!isClass) {
            related(h, t, RDFS.domain.asNode(), "Domain");
            related(h, t, RDFS.range.asNode(), "Range");
            related(h, t, OWL.inverseOf.asNode(), "Inverse of");
        }
        related(h, t, OWL.equivalentClass.asNode(), "Equivalent to");
        h.raw("<p><a href=\"/term/").text(local).raw("\">").text(isClass ? "Instances →" : "Uses →").raw("</a></p></section>\n");
    }

    private void related(Html h, Node t, Node p, String label) {
        List<Node> l = new ArrayList<>();
        g.find(t, p, Node.ANY).forEachRemaining(x -> {
            if (!x.getObject().isBlank())
                l.add(x.getObject());
        });
        if (l.isEmpty())
            return;
        h.raw("<p>").text(label).raw(": ");
        for (int i = 0; i < l.size(); i++)
            h.raw(i > 0 ? ", " : "").raw(labels.html(l.get(i)));
        h.raw("</p>\n");
    }
}
