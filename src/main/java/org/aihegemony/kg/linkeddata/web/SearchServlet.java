package org.aihegemony.kg.linkeddata.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.aihegemony.kg.linkeddata.Negotiation;
import org.aihegemony.kg.linkeddata.Respond;
import org.aihegemony.kg.linkeddata.Site;
import org.aihegemony.kg.linkeddata.html.SearchPage;
import org.aihegemony.kg.search.TextSearch;
import org.aihegemony.kg.store.TextIndexes;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.text.TextIndex;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Full-text search (issue 13).
 * <ul>
 * <li>{@code GET /search?q=…&limit=&offset=}: the matching resources, best first — JSON (the default) or an
 * HTML page for a browser ({@code Accept: text/html});</li>
 * <li>{@code GET /search/suggest?q=…&limit=}: labels for a search box, as JSON.</li>
 * </ul>
 * {@code q} is required and at most {@value TextSearch#MAX_QUERY_CHARS} characters; {@code limit} 1 to
 * {@value TextSearch#MAX_LIMIT}, {@code offset} 0 to {@value TextSearch#MAX_OFFSET}; anything else is a 400
 * naming the parameter.
 */
public final class SearchServlet extends HttpServlet {
    static final int SUGGEST_DEFAULT = 8;
    static final int SUGGEST_MAX = 20;

    private final Site site;
    private final TextSearch search;

    public SearchServlet(Site site, Optional<TextIndex> index) {
        this.site = site;
        this.search = index.map(i -> new TextSearch(site.dataset(), i)).orElse(null);
    }

    @Override
    public void destroy() {
        if (search != null)
            search.close();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        boolean suggest = "/suggest".equals(path);
        if (path != null && !path.equals("/") && !suggest) {
            Respond.text(req, resp, 404, "No search route " + req.getRequestURI() + "; use /search?q= or /search/suggest?q=");
            return;
        }
        if (search == null) {
            Respond.text(req, resp, 503, "No search: " + TextIndexes.NO_INDEX);
            return;
        }
        resp.addHeader("Vary", "Accept");
        boolean html = !suggest && Negotiation.choose(req.getHeader("Accept"), List.of("application/json", "text/html"))
                .map("text/html"::equals).orElse(false);
        String format = req.getParameter("format");
        if ("json".equals(format))
            html = false;
        else if ("html".equals(format) && !suggest)
            html = true;
        String q = req.getParameter("q");
        String error = null;
        if (q == null || q.isBlank())
            error = "Parameter q: missing; give the words to search for, e.g. /search?q=Kaggle";
        else if (q.length() > TextSearch.MAX_QUERY_CHARS)
            error = "Parameter q: " + q.length() + " characters; at most " + TextSearch.MAX_QUERY_CHARS;
        int limit = 0;
        int offset = 0;
        try {
            if (suggest) {
                limit = intParam(req, "limit", SUGGEST_DEFAULT, 1, SUGGEST_MAX);
            } else {
                limit = intParam(req, "limit", TextSearch.DEFAULT_LIMIT, 1, TextSearch.MAX_LIMIT);
                offset = intParam(req, "offset", 0, 0, TextSearch.MAX_OFFSET);
            }
        } catch (IllegalArgumentException e) {
            error = error == null ? e.getMessage() : error;
        }
        if (error != null) {
            if (html && (q == null || q.isBlank()))
                Respond.html(req, resp, 400, SearchPage.empty(error));
            else
                Respond.text(req, resp, 400, error);
            return;
        }
        String query = q.strip();
        if (suggest) {
            JsonArray out = new JsonArray();
            for (TextSearch.Suggestion s : search.suggest(query, limit)) {
                JsonObject o = new JsonObject();
                o.put("iri", s.iri());
                o.put("page", site.base().href(NodeFactory.createURI(s.iri())));
                o.put("label", s.label());
                o.put("lang", s.lang());
                if (s.ko() != null) o.put("ko", s.ko());
                if (s.en() != null) o.put("en", s.en());
                out.add(o);
            }
            json(req, resp, out);
            return;
        }
        long start = System.nanoTime();
        TextSearch.Result r = search.search(query, offset, limit);
        long micros = (System.nanoTime() - start) / 1000;
        String self = "/search?q=" + enc(query) + "&limit=" + limit;
        if (offset + limit < r.total())
            resp.addHeader("Link", "<" + self + "&offset=" + (offset + limit) + ">; rel=\"next\"");
        if (offset > 0)
            resp.addHeader("Link", "<" + self + "&offset=" + Math.max(0, offset - limit) + ">; rel=\"prev\"");
        if (html) {
            Respond.html(req, resp, 200, SearchPage.render(r, site.base()));
            return;
        }
        JsonObject o = new JsonObject();
        o.put("query", r.query());
        o.put("total", r.total());
        o.put("offset", r.offset());
        o.put("limit", r.limit());
        o.put("tookMillis", org.apache.jena.atlas.json.JsonNumber.value(micros / 1000.0));
        JsonArray hits = new JsonArray();
        for (TextSearch.Hit h : r.hits()) {
            JsonObject j = new JsonObject();
            j.put("iri", h.iri());
            j.put("page", site.base().href(NodeFactory.createURI(h.iri())));
            JsonObject labels = new JsonObject();
            if (h.ko() != null) labels.put("ko", h.ko());
            if (h.en() != null) labels.put("en", h.en());
            j.put("labels", labels);
            JsonArray types = new JsonArray();
            for (TextSearch.Type t : h.types()) {
                JsonObject to = new JsonObject();
                to.put("iri", t.iri());
                if (t.en() != null) to.put("en", t.en());
                if (t.ko() != null) to.put("ko", t.ko());
                types.add(to);
            }
            j.put("types", types);
            j.put("score", org.apache.jena.atlas.json.JsonNumber.value(h.score()));
            JsonObject snippet = new JsonObject();
            snippet.put("text", h.snippet());
            snippet.put("field", h.field());
            snippet.put("lang", h.lang());
            JsonArray marks = new JsonArray();
            for (int[] m : h.marks()) {
                JsonArray pair = new JsonArray();
                pair.add(m[0]);
                pair.add(m[1]);
                marks.add(pair);
            }
            snippet.put("matches", marks);
            j.put("snippet", snippet);
            hits.add(j);
        }
        o.put("hits", hits);
        json(req, resp, o);
    }

    private static void json(HttpServletRequest req, HttpServletResponse resp, org.apache.jena.atlas.json.JsonValue v)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        JSON.write(out, v);
        Respond.bytes(req, resp, 200, "application/json;charset=utf-8", out.toByteArray());
    }

    static int intParam(HttpServletRequest req, String name, int dflt, int min, int max) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank())
            return dflt;
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter " + name + ": '" + v + "' is not a whole number");
        }
        if (n < min || n > max)
            throw new IllegalArgumentException("Parameter " + name + ": " + n + " is outside " + min + ".." + max);
        return n;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
