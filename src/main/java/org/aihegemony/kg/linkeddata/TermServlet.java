package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /term/{Term}}: the page of an ontology class (its instances, inferred ones included) or
 * property (its uses, as subject → value). Programs get the term's definition from {@code /ontology}.
 */
public final class TermServlet extends HttpServlet {
    /** The most instances or uses a page lists. */
    static final int LIMIT = 1000;

    private final Site site;

    public TermServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String local = Base.segment(req.getPathInfo());
        Node term = local == null ? null : NodeFactory.createURI(site.base().ns() + local);
        String html = term == null ? null : site.read(() -> render(site.dataset(), term, local));
        if (html == null) {
            Respond.html(req, resp, 404, Layout.page("Not found", "en", List.of(), null, new Html()
                    .raw("<h1>Not found</h1><p>The ontology has no term <code>").text(site.base().ns() + (local == null ? "" : local))
                    .raw("</code>. See <a href=\"/ontology\">the ontology</a>.</p>").toString()));
            return;
        }
        resp.addHeader("Link", "</ontology>; rel=\"describedby\"; type=\"text/turtle\"");
        if (site.caching().notModified(req, resp, "term"))
            return;
        Respond.html(req, resp, 200, html);
    }

    private String render(DatasetGraph dsg, Node t, String local) {
        Graph onto = dsg.getGraph(AIH.node(AIH.GRAPH_ONTOLOGY));
        if (!onto.find(t, Node.ANY, Node.ANY).hasNext())
            return null;
        Set<Node> types = new LinkedHashSet<>();
        onto.find(t, RDF.type.asNode(), Node.ANY).forEachRemaining(x -> types.add(x.getObject()));
        boolean isClass = types.stream().anyMatch(OntologyPage.CLASS_TYPES::contains);
        Graph union = dsg.getUnionGraph();

        List<Triple> rows = new ArrayList<>();
        boolean more;
        if (isClass) {
            var it = union.find(Node.ANY, RDF.type.asNode(), t);
            while (it.hasNext() && rows.size() < LIMIT)
                rows.add(it.next());
            more = it.hasNext();
            it.close();
        } else {
            var it = union.find(Node.ANY, t, Node.ANY);
            while (it.hasNext() && rows.size() < LIMIT)
                rows.add(it.next());
            more = it.hasNext();
            it.close();
        }
        Graph labelGraph = GraphFactory.createDefaultGraph();
        onto.find().forEachRemaining(labelGraph::add);
        Set<Node> nodes = new LinkedHashSet<>();
        rows.forEach(r -> { nodes.add(r.getSubject()); nodes.add(r.getObject()); });
        for (Node n : nodes)
            if (n.isURI())
                union.find(n, RDFS.label.asNode(), Node.ANY).forEachRemaining(labelGraph::add);
        Labels labels = new Labels(labelGraph, site.base());
        rows.sort(Comparator.comparing((Triple r) -> labels.name(r.getSubject()).toLowerCase()));

        Html h = new Html();
        h.raw("<h1>");
        labels.label(t, "ko").ifPresent(l -> h.raw("<span lang=\"ko\">").text(l).raw("</span> <span class=\"sep\">·</span> "));
        h.raw("<span lang=\"en\">").text(labels.label(t, "en").orElse(local)).raw("</span></h1>\n");
        h.raw("<p class=\"iri\"><code>").text(t.getURI()).raw("</code> · ").text(isClass ? "class" : "property")
         .raw(" · <a href=\"/ontology#").text(local).raw("\">in the ontology</a></p>\n");
        for (String d : labels.values(t, Terms.definition, "en"))
            h.raw("<p>").text(d).raw("</p>\n");
        for (String d : labels.values(t, Terms.definition, "ko"))
            h.raw("<p lang=\"ko\">").text(d).raw("</p>\n");
        if (isClass) {
            h.raw("<h2>Instances (").text(Integer.toString(rows.size())).text(more ? "+" : "").raw(")</h2>\n<ul class=\"instances\">\n");
            for (Triple r : rows)
                h.raw("<li>").raw(labels.html(r.getSubject())).raw("</li>\n");
            h.raw("</ul>\n");
        } else {
            h.raw("<h2>Uses (").text(Integer.toString(rows.size())).text(more ? "+" : "").raw(")</h2>\n")
             .raw("<table><thead><tr><th>Subject</th><th>Value</th></tr></thead><tbody>\n");
            for (Triple r : rows)
                h.raw("<tr><td>").raw(labels.html(r.getSubject())).raw("</td><td>").raw(labels.html(r.getObject())).raw("</td></tr>\n");
            h.raw("</tbody></table>\n");
        }
        if (more)
            h.raw("<p>Only the first ").text(Integer.toString(LIMIT)).raw(" are listed; ask the <a href=\"/#sparql\">SPARQL endpoint</a> for all.</p>\n");
        return Layout.page(labels.label(t, "en").orElse(local), "en", List.of(new Layout.Alternate("/ontology.ttl", "text/turtle")),
                null, h.toString());
    }
}
