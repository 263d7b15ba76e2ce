package org.aihegemony.kg.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.aihegemony.kg.query.QueryCatalog;
import org.apache.jena.atlas.json.JSON;

/** {@code GET /openapi.json}: the OpenAPI 3.1 description of the saved queries (made once: they do not change). */
public final class OpenApiServlet extends HttpServlet {
    private final byte[] document;

    public OpenApiServlet(QueryCatalog catalog) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JSON.write(out, OpenApiDocument.build(catalog, org.aihegemony.kg.Version.current()));
        out.write('\n');
        this.document = out.toByteArray();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.getOutputStream().write(document);
    }
}
