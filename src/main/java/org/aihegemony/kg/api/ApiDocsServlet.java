package org.aihegemony.kg.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api-docs}: a browsable page for {@code /openapi.json}, Swagger UI served from its WebJar
 * inside our jar. Nothing is fetched from elsewhere: the page loads its script and style from
 * {@code /api-docs/...} and Swagger UI's online validator badge is switched off.
 */
public final class ApiDocsServlet extends HttpServlet {
    static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** The files the page uses, and their media types; nothing else is served. */
    static final Map<String, String> FILES = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>AI Hegemony KG — saved-query API</title>
            <link rel="stylesheet" href="api-docs/swagger-ui.css">
            <link rel="icon" type="image/png" href="api-docs/favicon-32x32.png" sizes="32x32">
            </head>
            <body>
            <nav style="background:#14283d;padding:.6rem 1rem;font:15px system-ui,sans-serif;display:flex;flex-wrap:wrap;gap:.3rem 1.1rem">
            <a style="color:#e8eef5;font-weight:700;margin-right:auto;text-decoration:none" href="/">AI Hegemony KG</a>
            <a style="color:#e8eef5;text-decoration:none" href="/ontology">Ontology</a>
            <a style="color:#e8eef5;text-decoration:none" href="/#sparql">SPARQL</a>
            <a style="color:#e8eef5;text-decoration:none" href="/queries">Saved queries</a>
            <a style="color:#e8eef5;text-decoration:none" href="/search?q=Kaggle">Search</a>
            <a style="color:#e8eef5;text-decoration:none" href="/#downloads">Downloads</a>
            </nav>
            <div id="swagger-ui"></div>
            <script src="api-docs/swagger-ui-bundle.js"></script>
            <script src="api-docs/init.js"></script>
            </body>
            </html>
            """;

    static final String INIT = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "openapi.json",
                dom_id: "#swagger-ui",
                deepLinking: true,
                validatorUrl: null,
                tryItOutEnabled: true,
                presets: [SwaggerUIBundle.presets.apis],
                layout: "BaseLayout"
              });
            };
            """;

    private final String version = webjarVersion();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (path == null) {
            send(resp, "text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/")) {
            resp.setStatus(301);
            resp.setHeader("Location", "../api-docs");
        } else if (path.equals("/init.js")) {
            send(resp, "text/javascript; charset=utf-8", INIT.getBytes(StandardCharsets.UTF_8));
        } else if (FILES.containsKey(path.substring(1)) && version != null) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(WEBJAR + version + path)) {
                if (in == null) {
                    SavedQueryServlet.text(resp, 404, "Not found: /api-docs" + path);
                    return;
                }
                resp.setHeader("Cache-Control", "public, max-age=86400");
                send(resp, FILES.get(path.substring(1)), in.readAllBytes());
            }
        } else {
            SavedQueryServlet.text(resp, 404, "Not found: /api-docs" + path);
        }
    }

    private static void send(HttpServletResponse resp, String type, byte[] body) throws IOException {
        resp.setStatus(200);
        resp.setContentType(type);
        resp.getOutputStream().write(body);
    }

    /** The version of the Swagger UI WebJar on the class path (its folder name), or null if it is missing. */
    static String webjarVersion() {
        try (InputStream in = ApiDocsServlet.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null)
                return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
