package org.aihegemony.kg.linkeddata.web;

import java.io.IOException;

import org.aihegemony.kg.linkeddata.Respond;
import org.aihegemony.kg.linkeddata.Site;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /context.jsonld}: the graph's JSON-LD context ({@link org.aihegemony.kg.linkeddata.describe.JsonLdContext}). */
public final class ContextServlet extends HttpServlet {
    private final Site site;

    public ContextServlet(Site site) {
        this.site = site;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (site.caching().notModified(req, resp, "context"))
            return;
        Respond.bytes(req, resp, 200, "application/ld+json", site.jsonLd().document());
    }
}
