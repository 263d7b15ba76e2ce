package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDFS;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /}: what the graph is, its counts and classes (from the VoID description), where to go next
 * (ontology, dumps, saved queries, example resources) and a SPARQL query editor (YASGUI, from the jar).
 */
public final class HomeServlet extends HttpServlet {
    static final String EXAMPLE_QUERY = """
            PREFIX aih:  <https://w3id.org/aihegemony/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            # Facts, each with the sentence of the article that states it
            SELECT ?subject ?property ?value ?quote WHERE {
              GRAPH ?evidence { ?s ?p ?o }
              ?evidence aih:quote ?quote .
              ?s rdfs:label ?subject FILTER(lang(?subject) = "en")
              OPTIONAL { ?p rdfs:label ?property FILTER(lang(?property) = "en") }
              OPTIONAL { ?o rdfs:label ?label FILTER(lang(?label) = "en") }
              BIND(COALESCE(?label, ?o) AS ?value)
            }
            LIMIT 25
            """;

    /** The classes listed on the home page, largest first; the ontology page lists them all. */
    static final int CLASSES_SHOWN = 20;

    private final Site site;
    /** The rendered page: the store never changes while it is served, so it is made once. */
    private volatile String page;

    public HomeServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.addHeader("Link", "</.well-known/void>; rel=\"describedby\"; type=\"text/turtle\"");
        if (site.caching().notModified(req, resp, "home"))
            return;
        String html = page;
        if (html == null)
            page = html = site.read(() -> render(site.dataset()));
        Respond.html(req, resp, 200, html);
    }

    private String render(DatasetGraph dsg) {
        Base base = site.base();
        Graph v = GraphFactory.createDefaultGraph();
        dsg.getGraph(AIH.node(AIH.GRAPH_VOID)).find().forEachRemaining(v::add);
        Node ds = uri(DatasetDescription.dataset(base));
        Graph labelGraph = GraphFactory.createDefaultGraph();
        v.find().forEachRemaining(labelGraph::add);
        Graph union = dsg.getUnionGraph();
        Labels voidLabels = new Labels(v, base);

        List<Node> classes = new ArrayList<>();
        List<Node> examples = objects(v, ds, Terms.VOID + "exampleResource");
        for (Node part : objects(v, ds, Terms.VOID + "classPartition"))
            objects(v, part, Terms.VOID + "class").forEach(classes::add);
        List<Node> sources = objects(v, ds, Terms.DCTERMS + "source");
        List<Node> labelled = new ArrayList<>(classes);
        labelled.addAll(examples);
        labelled.addAll(sources);
        for (Node n : labelled)
            union.find(n, RDFS.label.asNode(), Node.ANY).forEachRemaining(labelGraph::add);
        Labels labels = new Labels(labelGraph, base);

        Html h = new Html();
        h.raw("<h1>AI Hegemony KG <span class=\"sep\">·</span> <span lang=\"ko\">AI 패권 지식그래프</span></h1>\n");
        h.raw("<p>A knowledge graph, in RDF and OWL, of the US–China race for AI leadership as told by one Korean policy article");
        if (!sources.isEmpty()) {
            h.raw(" (");
            for (int i = 0; i < sources.size(); i++)
                h.raw(i > 0 ? ", " : "").raw(labels.html(sources.get(i)));
            h.raw(")");
        }
        h.raw(". Every fact is traceable to the sentence that states it: each evidence passage is a named graph "
                + "holding the facts it states, and every page shows the quote behind each statement.</p>\n");

        h.raw("<ul class=\"counts\">");
        count(h, voidLabels.values(ds, uri(Terms.VOID + "triples"), null), "triples");
        count(h, voidLabels.values(ds, uri(Terms.VOID + "entities"), null), "resources");
        count(h, voidLabels.values(ds, uri(Terms.VOID + "classes"), null), "classes in use");
        count(h, voidLabels.values(ds, uri(Terms.VOID + "properties"), null), "properties in use");
        count(h, List.of(Long.toString(entities(v, ds, uri(AIH.Evidence)))), "evidence passages");
        h.raw("</ul>\n");

        h.raw("<p><a href=\"/ontology\">The ontology</a> (").text(base.ontology()).raw(") · <a href=\"/queries\">Saved queries</a> · ")
         .raw("<a href=\"/kg/sparql\">SPARQL endpoint</a> <code>/kg/sparql</code> · <a href=\"/.well-known/void\">VoID description</a></p>\n");

        if (!examples.isEmpty()) {
            h.raw("<h2>Start with</h2>\n<ul class=\"examples\">\n");
            for (Node e : examples)
                h.raw("<li>").raw(labels.html(e)).raw("</li>\n");
            h.raw("</ul>\n");
        }

        h.raw("<h2 id=\"sparql\">Query</h2>\n<p>SPARQL 1.1 over the default graph (the union of all graphs); "
                + "<code>GRAPH ?evidence { … }</code> reaches the facts of each passage. Ctrl-Enter runs the query.</p>\n");
        h.raw("<p class=\"examples\"><label for=\"query-examples\">Examples (the <a href=\"/queries\">saved queries</a>): </label>"
                + "<select id=\"query-examples\" disabled><option value=\"\">Choose a query to load it into the editor…</option></select></p>\n");
        h.raw("<div id=\"yasgui\" data-query=\"").text(EXAMPLE_QUERY).raw("\"></div>\n")
         .raw("<noscript><p>The query editor needs JavaScript; without it, send queries to <code>/kg/sparql?query=…</code>.</p></noscript>\n");

        h.raw("<h2 id=\"classes\">Classes</h2>\n<table><thead><tr><th>Class</th><th class=\"num\">Instances</th></tr></thead><tbody>\n");
        List<Node> ours = classes.stream().filter(c -> base.termOf(c).isPresent())
                .sorted(Comparator.comparingLong((Node c) -> -entities(v, ds, c)).thenComparing(labels::name)).toList();
        ours.stream().limit(CLASSES_SHOWN).forEach(c -> h.raw("<tr><td>").raw(labels.html(c)).raw("</td><td class=\"num\">")
                        .text(Long.toString(entities(v, ds, c))).raw("</td></tr>\n"));
        h.raw("</tbody></table>\n");
        if (ours.size() > CLASSES_SHOWN)
            h.raw("<p>").text("The " + CLASSES_SHOWN + " largest of " + ours.size() + " classes; ").raw("<a href=\"/ontology#classes\">all classes</a>.</p>\n");

        h.raw("<h2 id=\"downloads\">Downloads</h2>\n<table><thead><tr><th>File</th><th>What</th><th class=\"num\">Bytes</th><th>SHA-256</th></tr></thead><tbody>\n");
        for (DatasetDescription.Dump d : DatasetDescription.FILES) {
            Node dump = uri(base.iri() + DatasetDescription.DUMPS + "/" + d.file());
            String size = voidLabels.values(dump, uri(Terms.DCAT + "byteSize"), null).stream().findFirst().orElse("");
            String sha = voidLabels.values(uri(dump.getURI() + "#sha256"), uri(Terms.SPDX + "checksumValue"), null).stream().findFirst().orElse("");
            h.raw("<tr><td><a href=\"/dumps/").text(d.file()).raw("\">").text(d.file()).raw("</a></td><td>").text(d.title())
             .raw("</td><td class=\"num\">").text(size).raw("</td><td><code>").text(sha).raw("</code></td></tr>\n");
        }
        h.raw("</tbody></table>\n");
        h.raw("<p>License of the data: ");
        List<Node> licenses = objects(v, ds, Terms.DCTERMS + "license");
        for (int i = 0; i < licenses.size(); i++)
            h.raw(i > 0 ? ", " : "").raw(labels.html(licenses.get(i)));
        h.raw(licenses.isEmpty() ? "not stated" : "").raw(". The program is free software under the Apache License 2.0 (<code>LICENSE</code>)")
         .raw(". The query editor is <a href=\"/yasgui/yasgui.min.js.LICENSE.txt\">YASGUI</a> (MIT).</p>\n");

        String head = "<link rel=\"stylesheet\" href=\"/yasgui/yasgui.min.css\">\n"
                + "<script src=\"/yasgui/yasgui.min.js\" defer></script>\n<script src=\"/static/yasgui.js\" defer></script>\n";
        return Layout.page("Home", "en", List.of(new Layout.Alternate("/.well-known/void", "text/turtle")), head, h.toString());
    }

    private static void count(Html h, List<String> values, String what) {
        h.raw("<li><strong>").text(values.isEmpty() ? "–" : values.get(0)).raw("</strong>").text(what).raw("</li>");
    }

    /** Instances of a class, from the VoID class partitions. */
    private static long entities(Graph v, Node ds, Node cls) {
        for (Node part : objects(v, ds, Terms.VOID + "classPartition"))
            if (v.contains(part, uri(Terms.VOID + "class"), cls))
                for (Node n : objects(v, part, Terms.VOID + "entities"))
                    return Long.parseLong(n.getLiteralLexicalForm());
        return 0;
    }

    private static List<Node> objects(Graph g, Node s, String p) {
        List<Node> l = new ArrayList<>();
        g.find(s, uri(p), Node.ANY).forEachRemaining(t -> l.add(t.getObject()));
        return l;
    }

    private static Node uri(String iri) {
        return NodeFactory.createURI(iri);
    }
}
