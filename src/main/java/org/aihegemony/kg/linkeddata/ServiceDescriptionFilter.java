package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A SPARQL 1.1 Service Description (W3C) for {@code GET} on the query endpoint without a query: the
 * endpoint, the query language, the result formats, and the default dataset with its named graphs.
 * Negotiated in the triple formats; a browser is sent (303) to the home page's query editor instead.
 * Requests with a query pass on to Fuseki.
 */
public final class ServiceDescriptionFilter implements Filter {
    private static final String SD = Terms.SD;
    private static final List<String> RESULT_FORMATS = List.of("SPARQL_Results_JSON", "SPARQL_Results_XML",
            "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads");

    private final Site site;
    private volatile Graph cached;

    public ServiceDescriptionFilter(Site site) {
        this.site = site;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)
                || !("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()))
                || req.getQueryString() != null && !req.getQueryString().isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        List<String> offers = new ArrayList<>(RdfFormat.mediaTypes(RdfFormat.tripleFormats()));
        offers.add("text/html");
        resp.addHeader("Vary", "Accept");
        Optional<String> choice = Negotiation.choose(req.getHeader("Accept"), offers);
        if (choice.isEmpty()) {
            Respond.notAcceptable(req, resp, "The service description", RdfFormat.tripleFormats(), true);
            return;
        }
        if (choice.get().equals("text/html")) {
            Respond.seeOther(resp, "/#sparql");
            return;
        }
        RdfFormat f = RdfFormat.byMediaType(choice.get()).orElseThrow();
        // The description names the configured base's endpoint only: never the request's Host, which
        // anyone can set and which would then be stored by shared caches (issue 8).
        if (site.caching().notModified(req, resp, "sd-" + f.suffix))
            return;
        Graph g = description();
        Respond.bytes(req, resp, 200, Serializer.contentType(f), Serializer.write(g, f, prefixes()));
    }

    private static Node service() {
        return NodeFactory.createBlankNode("service");
    }

    private org.apache.jena.shared.PrefixMapping prefixes() {
        org.apache.jena.shared.PrefixMapping pm = Terms.prefixes(site.base());
        pm.setNsPrefix("sd", SD);
        pm.setNsPrefix("void", Terms.VOID);
        pm.setNsPrefix("formats", Terms.FORMATS);
        return pm;
    }

    /** The description without the request's own URL; the store never changes, so it is made once. */
    Graph description() {
        Graph g = cached;
        if (g == null)
            cached = g = site.read(() -> build(site.dataset()));
        return g;
    }

    private Graph build(DatasetGraph dsg) {
        Graph g = GraphFactory.createDefaultGraph();
        Node s = service();
        Node type = RDF.type.asNode();
        g.add(s, type, uri(SD + "Service"));
        g.add(s, uri(SD + "endpoint"), uri(site.base().sparqlEndpoint()));
        g.add(s, uri(SD + "supportedLanguage"), uri(SD + "SPARQL11Query"));
        g.add(s, uri(SD + "feature"), uri(SD + "UnionDefaultGraph"));
        for (String f : RESULT_FORMATS)
            g.add(s, uri(SD + "resultFormat"), uri(Terms.FORMATS + f));
        g.add(s, Terms.description, NodeFactory.createLiteralLang("Read-only SPARQL 1.1 query endpoint of the AI Hegemony KG. "
                + "The default graph is the union of the named graphs; SERVICE is refused.", "en"));
        Node ds = NodeFactory.createBlankNode("dataset");
        g.add(s, uri(SD + "defaultDataset"), ds);
        g.add(ds, type, uri(SD + "Dataset"));
        g.add(ds, uri(Terms.VOID + "inDataset"), uri(DatasetDescription.dataset(site.base())));
        Node dflt = NodeFactory.createBlankNode("default");
        g.add(ds, uri(SD + "defaultGraph"), dflt);
        g.add(dflt, type, uri(SD + "Graph"));
        g.add(dflt, uri(Terms.VOID + "triples"), integer(dsg.getUnionGraph().size()));
        List<Node> names = new ArrayList<>();
        dsg.listGraphNodes().forEachRemaining(names::add);
        names.sort(Comparator.comparing(Node::getURI));
        int i = 0;
        for (Node name : names) {
            Node ng = NodeFactory.createBlankNode("ng" + i);
            Node graph = NodeFactory.createBlankNode("g" + i++);
            g.add(ds, uri(SD + "namedGraph"), ng);
            g.add(ng, type, uri(SD + "NamedGraph"));
            g.add(ng, uri(SD + "name"), name);
            g.add(ng, uri(SD + "graph"), graph);
            g.add(graph, type, uri(SD + "Graph"));
            g.add(graph, uri(Terms.VOID + "triples"), integer(dsg.getGraph(name).size()));
        }
        return g;
    }

    private static Node uri(String iri) {
        return NodeFactory.createURI(iri);
    }

    private static Node integer(long n) {
        return NodeFactory.createLiteralDT(Long.toString(n), XSDDatatype.XSDinteger);
    }
}
