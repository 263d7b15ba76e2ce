package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /data/{name}}: a resource's description ({@link ResourceDescription}) in the format the
 * client asks for — by {@code Accept}, or by suffix ({@code .ttl .nt .jsonld .rdf .trig}).
 */
public final class DataServlet extends HttpServlet {
    private final Site site;

    public DataServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String seg = Base.segment(req.getPathInfo());
        if (seg == null) {
            Respond.text(req, resp, 404, "No resource at " + req.getRequestURI() + "; use /data/{name}");
            return;
        }
        String name = seg;
        RdfFormat format = null;
        int dot = seg.lastIndexOf('.');
        if (dot > 0) {
            Optional<RdfFormat> bySuffix = RdfFormat.bySuffix(seg.substring(dot + 1));
            if (bySuffix.isPresent()) {
                name = seg.substring(0, dot);
                format = bySuffix.get();
            }
        }
        String n = name;
        // Known first, the validators next, the description last: a 304 or a 404 costs no description.
        if (!site.read(() -> ResourceDescription.known(site.dataset(), site.base().resource(n)))) {
            Respond.text(req, resp, 404, "No resource " + site.base().id() + name);
            return;
        }
        if (format == null) {
            resp.addHeader("Vary", "Accept");
            Optional<String> choice = Negotiation.choose(req.getHeader("Accept"), RdfFormat.mediaTypes(RdfFormat.all()));
            if (choice.isEmpty()) {
                Respond.notAcceptable(req, resp, "/data/" + name, RdfFormat.all(), false);
                return;
            }
            format = RdfFormat.byMediaType(choice.get()).orElseThrow();
            resp.setHeader("Content-Location", "/data/" + name + "." + format.suffix);
        }
        resp.addHeader("Link", "</page/" + name + ">; rel=\"alternate\"; type=\"text/html\"");
        if (site.caching().notModified(req, resp, "data-" + format.suffix))
            return;
        RdfFormat f = format;
        Optional<ResourceDescription> d = site.read(() -> ResourceDescription.of(site.dataset(), site.base().resource(n)));
        if (d.isEmpty()) {
            Respond.text(req, resp, 404, "No resource " + site.base().id() + name);
            return;
        }
        byte[] body = f.quads()
                ? Serializer.write(d.get().dataset(), f, Terms.prefixes(site.base()))
                : Serializer.write(d.get().graph(), f, Terms.prefixes(site.base()));
        Respond.bytes(req, resp, 200, Serializer.contentType(f), body);
    }
}
