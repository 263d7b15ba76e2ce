package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.jena.graph.Graph;
import org.apache.jena.sparql.graph.GraphFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A whole graph as a document — the ontology at {@code /ontology}, the VoID description at
 * {@code /.well-known/void} — in the triple formats by {@code Accept} or suffix, and as HTML when a page
 * renderer is given. Mapped at the document's path and at each {@code path.suffix}.
 */
public final class GraphDocumentServlet extends HttpServlet {
    private final Site site;
    private final String path;
    private final String graphName;
    private final Function<Graph, String> page;

    /**
     * @param path      the document's path ({@code /ontology})
     * @param graphName the store graph it serves
     * @param page      renders the HTML page, or null for none
     */
    GraphDocumentServlet(Site site, String path, String graphName, Function<Graph, String> page) {
        this.site = site;
        this.path = path;
        this.graphName = graphName;
        this.page = page;
    }

    public static GraphDocumentServlet ontology(Site site) {
        return new GraphDocumentServlet(site, "/ontology", org.aihegemony.kg.vocab.AIH.GRAPH_ONTOLOGY,
                g -> new OntologyPage(site, g).render());
    }

    public static GraphDocumentServlet voidDescription(Site site, String path) {
        return new GraphDocumentServlet(site, path, org.aihegemony.kg.vocab.AIH.GRAPH_VOID, null);
    }

    /** The paths to map: the document and its suffixed variants. */
    public List<String> paths() {
        List<String> l = new ArrayList<>();
        l.add(path);
        RdfFormat.tripleFormats().forEach(f -> l.add(path + "." + f.suffix));
        if (page != null)
            l.add(path + ".html");
        return l;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String uri = req.getServletPath();
        String suffix = uri.equals(path) ? null : uri.substring(path.length() + 1);
        List<String> offers = new ArrayList<>(RdfFormat.mediaTypes(RdfFormat.tripleFormats()));
        if (page != null)
            offers.add("text/html");
        String choice;
        if (suffix == null) {
            resp.addHeader("Vary", "Accept");
            Optional<String> c = Negotiation.choose(req.getHeader("Accept"), offers);
            if (c.isEmpty()) {
                Respond.notAcceptable(req, resp, path, RdfFormat.tripleFormats(), page != null);
                return;
            }
            choice = c.get();
        } else {
            choice = suffix.equals("html") ? "text/html" : RdfFormat.bySuffix(suffix).orElseThrow().mediaType;
        }
        Graph g = site.read(() -> {
            Graph copy = GraphFactory.createDefaultGraph();
            site.dataset().getGraph(org.aihegemony.kg.vocab.AIH.node(graphName)).find().forEachRemaining(copy::add);
            return copy;
        });
        if (g.isEmpty()) {
            Respond.text(req, resp, 404, "This store has no " + path + " (graph " + graphName + " is empty); rebuild it with --force");
            return;
        }
        if (choice.equals("text/html")) {
            if (suffix == null)
                resp.setHeader("Content-Location", path + ".html");
            if (!site.caching().notModified(req, resp, "html"))
                Respond.html(req, resp, 200, page.apply(g));
            return;
        }
        RdfFormat f = RdfFormat.byMediaType(choice).orElseThrow();
        if (suffix == null)
            resp.setHeader("Content-Location", path + "." + f.suffix);
        if (site.caching().notModified(req, resp, f.suffix))
            return;
        Respond.bytes(req, resp, 200, Serializer.contentType(f), Serializer.write(g, f, Terms.prefixes(site.base())));
    }
}
