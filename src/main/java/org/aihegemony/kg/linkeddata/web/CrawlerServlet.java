package org.aihegemony.kg.linkeddata.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

import org.aihegemony.kg.linkeddata.Html;
import org.aihegemony.kg.linkeddata.Respond;
import org.aihegemony.kg.linkeddata.Site;
import org.apache.jena.graph.Node;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * For search engines (issue 13): {@code /robots.txt} (pages welcome; the SPARQL endpoint, search answers
 * and query API are not for crawling) and {@code /sitemap.xml} (the home page, the ontology, the saved
 * queries and every entity's page), under the configured base.
 */
public final class CrawlerServlet extends HttpServlet {
    private final Site site;
    /** Entity names, sorted; the store does not change while served, so they are listed once. */
    private volatile TreeSet<String> names;

    public CrawlerServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // Absolute URLs, as both formats require, under the configured base (--base), which maps to this
        // server's root; not from the Host header, since answers are cached whatever Host was asked for.
        String origin = site.base().iri().substring(0, site.base().iri().length() - 1);
        if (req.getServletPath().equals("/robots.txt")) {
            String body = "User-agent: *\nAllow: /\nDisallow: /kg/\nDisallow: /search\nDisallow: /queries/\n"
                    + "Disallow: /dumps/\nSitemap: " + origin + "/sitemap.xml\n";
            Respond.bytes(req, resp, 200, "text/plain;charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (site.caching().notModified(req, resp, "sitemap"))
            return;
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        String lastmod = site.info().builtAt().toString().substring(0, 10);
        for (String path : new String[] { "/", "/ontology", "/queries" })
            url(sb, origin + path, lastmod);
        for (String name : names())
            url(sb, origin + "/page/" + name, lastmod);
        sb.append("</urlset>\n");
        Respond.bytes(req, resp, 200, "application/xml;charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void url(StringBuilder sb, String loc, String lastmod) {
        sb.append("<url><loc>").append(Html.esc(loc)).append("</loc><lastmod>").append(lastmod).append("</lastmod></url>\n");
    }

    private TreeSet<String> names() {
        TreeSet<String> n = names;
        if (n == null) {
            TreeSet<String> found = new TreeSet<>();
            site.read(() -> {
                site.dataset().find().forEachRemaining(q -> {
                    for (Node x : new Node[] { q.getSubject(), q.getObject(), q.getGraph() })
                        site.base().nameOf(x).ifPresent(found::add);
                });
                return null;
            });
            names = n = found;
        }
        return n;
    }

}
