package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;

/**
 * {@code GET /graph/{name}}: the store's own graphs ({@code ontology}, {@code shapes}, {@code data},
 * {@code inferred}, {@code void}) are named by IRIs under the base too, so they resolve: {@code 303 See
 * Other} to the Graph Store Protocol read of that graph, which negotiates the RDF format.
 */
public final class GraphServlet extends HttpServlet {
    private final Site site;

    public GraphServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = Base.segment(req.getPathInfo());
        Node graph = name == null ? null : AIH.node(AIH.GRAPH + name);
        if (graph == null || !site.read(() -> site.dataset().containsGraph(graph))) {
            Respond.text(req, resp, 404, "No graph " + AIH.GRAPH + (name == null ? "" : name));
            return;
        }
        Respond.seeOther(resp, "/kg/get?graph=" + URLEncoder.encode(graph.getURI(), StandardCharsets.UTF_8));
    }
}
