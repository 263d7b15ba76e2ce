package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Files served from the jar: the site's stylesheet ({@code /static/…}) and the YASGUI query editor
 * ({@code /yasgui/…}, from the {@code org.webjars.npm:zazuko__yasgui} WebJar). Only listed files are
 * served, so no request can reach anything else on the class path.
 */
public final class AssetServlet extends HttpServlet {
    static final String YASGUI_WEBJAR = "META-INF/resources/webjars/zazuko__yasgui/";
    private static final Map<String, String> TYPES = Map.of(
            "site.css", "text/css;charset=utf-8",
            "yasgui.js", "text/javascript;charset=utf-8",
            "search.js", "text/javascript;charset=utf-8",
            "yasgui.min.js", "text/javascript;charset=utf-8",
            "yasgui.min.css", "text/css;charset=utf-8",
            "yasgui.min.js.LICENSE.txt", "text/plain;charset=utf-8");

    private final Map<String, String> resources;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    private AssetServlet(Map<String, String> resources) {
        this.resources = resources;
    }

    /** {@code /static/{file}}: files of this package's resources. */
    public static AssetServlet site() {
        String dir = "org/aihegemony/kg/linkeddata/";
        return new AssetServlet(Map.of("site.css", dir + "site.css", "yasgui.js", dir + "yasgui.js",
                "search.js", dir + "search.js"));
    }

    /** {@code /yasgui/{file}}: the editor's bundle from the WebJar. */
    public static AssetServlet yasgui() {
        String build = YASGUI_WEBJAR + yasguiVersion() + "/build/";
        return new AssetServlet(Map.of("yasgui.min.js", build + "yasgui.min.js", "yasgui.min.css", build + "yasgui.min.css",
                "yasgui.min.js.LICENSE.txt", build + "yasgui.min.js.LICENSE.txt"));
    }

    /** The WebJar's version, from its Maven metadata (so the pom names it once). */
    static String yasguiVersion() {
        try (InputStream in = AssetServlet.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/zazuko__yasgui/pom.properties")) {
            if (in == null)
                throw new IllegalStateException("The YASGUI WebJar is not on the class path");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String file = Base.segment(req.getPathInfo());
        String path = file == null ? null : resources.get(file);
        byte[] body = path == null ? null : cache.computeIfAbsent(file, f -> load(path));
        if (body == null || body.length == 0) {
            Respond.text(req, resp, 404, "No file " + req.getRequestURI());
            return;
        }
        String etag = "W/\"" + HttpCaching.sha256(body).substring(0, 16) + "\"";
        if (HttpCaching.notModified(req, resp, etag, null, HttpCaching.ASSET_CACHE_CONTROL))
            return;
        Respond.bytes(req, resp, 200, TYPES.getOrDefault(file, "application/octet-stream"), body);
    }

    private static byte[] load(String path) {
        try (InputStream in = AssetServlet.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
