package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /page/{name}}: a resource's HTML page ({@link ResourcePage}). */
public final class PageServlet extends HttpServlet {
    private final Site site;

    public PageServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = Base.segment(req.getPathInfo());
        Optional<ResourceDescription> d = name == null ? Optional.empty()
                : site.read(() -> ResourceDescription.of(site.dataset(), site.base().resource(name)));
        if (d.isEmpty()) {
            Respond.html(req, resp, 404, Layout.page("Not found", "en", java.util.List.of(), null,
                    new Html().raw("<h1>Not found</h1><p>No resource <code>").text(site.base().id() + (name == null ? "" : name))
                            .raw("</code>. <a href=\"/\">Start at the home page.</a></p>").toString()));
            return;
        }
        resp.addHeader("Link", "</data/" + name + ">; rel=\"alternate\"; type=\"text/turtle\"");
        if (site.caching().notModified(req, resp, "page"))
            return;
        Respond.html(req, resp, 200, new ResourcePage(d.get(), site.base(), name).render());
    }
}
