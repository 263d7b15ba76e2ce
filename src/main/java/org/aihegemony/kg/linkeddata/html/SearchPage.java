package org.aihegemony.kg.linkeddata.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.aihegemony.kg.linkeddata.Base;
import org.aihegemony.kg.linkeddata.Html;
import org.aihegemony.kg.linkeddata.Layout;
import org.aihegemony.kg.search.TextSearch;
import org.apache.jena.graph.NodeFactory;

/** The HTML page of search results: each hit's labels, types, the matching text with the match marked. */
public final class SearchPage {
    private SearchPage() {}

    public static String render(TextSearch.Result r, Base base) {
        Html h = new Html();
        h.raw("<h1>Search: ").text(r.query()).raw("</h1>\n");
        if (r.total() == 0) {
            h.raw("<p class=\"none\">Nothing matches <strong>").text(r.query())
             .raw("</strong>. Try another spelling, the other language, or fewer words.</p>");
            return Layout.page("Search", "en", List.of(), null, h.toString());
        }
        int from = r.offset() + 1;
        int to = r.offset() + r.hits().size();
        h.raw("<p class=\"count\">").text(from + "–" + to + " of " + r.total()).raw(" resources</p>\n<ol class=\"hits\" start=\"")
         .text(Integer.toString(from)).raw("\">\n");
        for (TextSearch.Hit hit : r.hits()) {
            String href = base.href(NodeFactory.createURI(hit.iri()));
            h.raw("<li class=\"hit\"><a class=\"hit-title\" href=\"").text(href).raw("\">");
            if (hit.en() != null)
                h.raw("<span lang=\"en\">").text(hit.en()).raw("</span>");
            if (hit.en() != null && hit.ko() != null)
                h.raw(" <span class=\"sep\">·</span> ");
            if (hit.ko() != null)
                h.raw("<span lang=\"ko\">").text(hit.ko()).raw("</span>");
            if (hit.en() == null && hit.ko() == null)
                h.text(hit.iri());
            h.raw("</a> ");
            for (TextSearch.Type t : hit.types())
                h.raw("<span class=\"type\" title=\"").text(t.iri()).raw("\">").text(t.en() != null ? t.en() : shortName(t.iri())).raw("</span>");
            h.raw("<div class=\"snippet\"").raw(hit.lang().isEmpty() ? "" : " lang=\"" + Html.esc(hit.lang()) + "\"").raw(">")
             .raw(marked(hit.snippet(), hit.marks())).raw(" <small class=\"tag\">").text(fieldName(hit.field()))
             .raw("</small></div><div class=\"iri\">").text(hit.iri()).raw("</div></li>\n");
        }
        h.raw("</ol>\n<nav class=\"pager\">");
        String self = "/search?q=" + URLEncoder.encode(r.query(), StandardCharsets.UTF_8) + "&limit=" + r.limit();
        if (r.offset() > 0)
            h.raw("<a rel=\"prev\" href=\"").text(self + "&offset=" + Math.max(0, r.offset() - r.limit())).raw("\">← Previous</a> ");
        if (r.offset() + r.limit() < r.total())
            h.raw("<a rel=\"next\" href=\"").text(self + "&offset=" + (r.offset() + r.limit())).raw("\">Next →</a>");
        h.raw("</nav>\n<p class=\"formats\">JSON: <a href=\"").text(self + "&offset=" + r.offset() + "&format=json")
         .raw("\">this page</a> (or ask with <code>Accept: application/json</code>) · SPARQL: <code>?s text:query \"")
         .text(r.query()).raw("\"</code></p>");
        return Layout.page("Search: " + r.query(), "en", List.of(), null, h.toString());
    }

    /** The page for a search without words. */
    public static String empty(String message) {
        Html h = new Html();
        h.raw("<h1>Search</h1><p>").text(message).raw("</p><form action=\"/search\" method=\"get\">")
         .raw("<input type=\"search\" name=\"q\" maxlength=\"200\" aria-label=\"Search\"> <button type=\"submit\">Search</button></form>");
        return Layout.page("Search", "en", List.of(), null, h.toString());
    }

    static String marked(String text, List<int[]> marks) {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (int[] m : marks) {
            if (m[0] < at || m[1] > text.length())
                continue;
            sb.append(Html.esc(text.substring(at, m[0]))).append("<mark>").append(Html.esc(text.substring(m[0], m[1]))).append("</mark>");
            at = m[1];
        }
        return sb.append(Html.esc(text.substring(at))).toString();
    }

    /** owl:Class for http://www.w3.org/2002/07/owl#Class: a type without a label, shown briefly. */
    static String shortName(String iri) {
        Map<String, String> prefixes = Map.of("http://www.w3.org/2002/07/owl#", "owl:", "http://www.w3.org/2000/01/rdf-schema#", "rdfs:",
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:", "http://www.w3.org/2004/02/skos/core#", "skos:");
        for (Map.Entry<String, String> e : prefixes.entrySet())
            if (iri.startsWith(e.getKey()))
                return e.getValue() + iri.substring(e.getKey().length());
        return iri;
    }

    static String fieldName(String field) {
        return switch (field) {
            case "label" -> "label";
            case "alt" -> "also called";
            case "description" -> "description";
            case "quote" -> "evidence quote";
            default -> field;
        };
    }
}
