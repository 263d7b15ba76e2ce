package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /id/{name}}: the IRI of a thing, not a document, so it answers {@code 303 See Other} —
 * to {@code /page/{name}} when the client prefers HTML, to {@code /data/{name}} otherwise (a client
 * sending {@code *}{@code /*} gets data).
 */
public final class IdServlet extends HttpServlet {
    private static final List<String> OFFERS;
    static {
        List<String> l = new ArrayList<>(RdfFormat.mediaTypes(RdfFormat.all()));
        l.add(ContentNegotiation.JSON);  // issue 13: plain JSON is compact JSON-LD
        l.add("text/html");
        l.add("application/xhtml+xml");
        OFFERS = List.copyOf(l);
    }

    private final Site site;

    public IdServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = Base.segment(req.getPathInfo());
        if (name == null || !site.read(() -> ResourceDescription.known(site.dataset(), site.base().resource(name)))) {
            Respond.text(req, resp, 404, "No resource " + site.base().id() + (name == null ? "" : name));
            return;
        }
        Optional<String> choice = Negotiation.choose(req.getHeader("Accept"), OFFERS);
        if (choice.isEmpty()) {
            Respond.notAcceptable(req, resp, site.base().id() + name, RdfFormat.all(), true);
            return;
        }
        boolean html = choice.get().equals("text/html") || choice.get().equals("application/xhtml+xml");
        Respond.seeOther(resp, (html ? "/page/" : "/data/") + name);
    }
}
