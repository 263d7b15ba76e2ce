package org.aihegemony.kg.api;

import java.util.List;
import java.util.Locale;

import org.aihegemony.kg.linkeddata.Html;
import org.aihegemony.kg.query.ParameterType;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.QueryParameter;
import org.aihegemony.kg.query.QueryTemplate;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonNull;
import org.apache.jena.atlas.json.JsonObject;

/** The list of saved queries, as JSON for programs and as an HTML page for people. */
final class QueryListing {
    private QueryListing() {}

    /** {@code {"queries": [...]}}, one object per saved query. */
    static JsonObject json(QueryCatalog catalog) {
        JsonArray queries = new JsonArray();
        for (QueryTemplate t : catalog.all())
            queries.add(json(t));
        JsonObject o = new JsonObject();
        o.put("queries", queries);
        o.put("openapi", "/openapi.json");
        return o;
    }

    static JsonObject json(QueryTemplate t) {
        JsonObject o = new JsonObject();
        o.put("name", t.name());
        o.put("url", "/queries/" + t.name());
        o.put("type", t.type().name());
        o.put("summary", t.header().summary());
        o.put("description", t.header().description());
        o.put("tags", strings(t.header().tags()));
        o.put("method", t.header().method());
        o.put("formats", strings(List.copyOf(Negotiation.suffixes(t.answersRdf()).keySet())));
        o.put("sparql", t.sparql());  // issue 13: the editor lists the saved queries as examples
        o.put("editor", QueryResultPage.editorLink(t));
        JsonArray params = new JsonArray();
        for (QueryParameter p : t.parameters())
            params.add(json(p));
        o.put("parameters", params);
        o.put("sparql", t.sparql());
        return o;
    }

    static JsonObject json(QueryParameter p) {
        JsonObject o = new JsonObject();
        o.put("name", p.name());
        o.put("type", p.type().label());
        if (p.type().kind() == ParameterType.Kind.TYPED)
            o.put("datatype", p.type().datatype());
        if (p.type().kind() == ParameterType.Kind.LANG_STRING)
            o.put("language", p.type().language());
        o.put("required", p.required());
        o.put("repeatable", p.repeatable());
        if (p.defaults().isEmpty())
            o.put("default", JsonNull.instance);
        else if (p.defaults().size() == 1)
            o.put("default", p.defaults().get(0));
        else
            o.put("default", strings(p.defaults()));
        o.put("allowedValues", strings(p.allowed()));
        o.put("allowedValuesFromStore", p.fromStore());
        o.put("variable", "?" + p.variable());
        return o;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** A page listing the queries, each with a form that runs it in every format (no script). */
    static String html(QueryCatalog catalog) {
        // Issue 13: the site's frame (navigation, search box, stylesheet) around the list.
        String style = "<style>\n"
                + "section{border-top:1px solid #ccc;padding:.5em 0 1em}section h2{font-family:monospace;font-size:1.2em}\n"
                + "section table{width:auto}section td,section th{border:1px solid #ddd;padding:.2em .5em}\n"
                + ".qtag{background:#eef;border-radius:.3em;padding:0 .4em;margin-right:.3em;font-size:.9em}\n"
                + "pre{background:#f6f6f6;padding:.5em;overflow:auto}\n</style>\n";
        StringBuilder h = new StringBuilder();
        h.append("<h1>Saved queries</h1>\n")
                .append("<p>Each query runs at <code>/queries/NAME</code>; add <code>.csv</code>, <code>.tsv</code>, ")
                .append("<code>.json</code> or <code>.xml</code> (<code>.ttl</code>, <code>.nt</code>, <code>.jsonld</code>, ")
                .append("<code>.rdf</code> for graphs) to choose the format, and parameters in the query string. ")
                .append("In pandas: <code>pd.read_csv(\"<span class=\"origin\">SERVER</span>/queries/NAME.csv?param=value\")</code>. ")
                .append("This list is JSON for a client that does not ask for HTML; the API is described in OpenAPI: ")
                .append("<a href=\"/openapi.json\">openapi.json</a>, <a href=\"/api-docs\">browsable</a>.</p>\n");
        if (catalog.all().isEmpty())
            h.append("<p>No saved queries.</p>\n");
        for (QueryTemplate t : catalog.all())
            section(h, t);
        // The page names no host (answers are cached whatever Host was asked for): /static/search.js, on every
        // page, fills in the browser's own address (an inline script would be refused by the site's CSP).
        return org.aihegemony.kg.linkeddata.Layout.page("Saved queries", "en", List.of(), style, h.toString());
    }

    private static void section(StringBuilder h, QueryTemplate t) {
        String base = "/queries/" + t.name();
        h.append("<section id=\"").append(Html.esc(t.name())).append("\">\n<h2>").append(Html.esc(t.name())).append("</h2>\n");
        if (!t.header().summary().isEmpty())
            h.append("<p><strong>").append(Html.esc(t.header().summary())).append("</strong></p>\n");
        if (!t.header().description().isEmpty())
            h.append("<p>").append(Html.esc(t.header().description())).append("</p>\n");
        if (!t.header().tags().isEmpty()) {
            h.append("<p>");
            for (String tag : t.header().tags())
                h.append("<span class=\"qtag\">").append(Html.esc(tag)).append("</span>");
            h.append("</p>\n");
        }
        h.append("<form method=\"get\" action=\"").append(Html.esc(base)).append("\">\n");
        if (!t.parameters().isEmpty()) {
            h.append("<table>\n<tr><th>parameter</th><th>type</th><th></th><th>default</th><th>allowed values</th><th>value</th></tr>\n");
            for (QueryParameter p : t.parameters()) {
                String type = p.type().label() + (p.type().kind() == ParameterType.Kind.LANG_STRING ? " @" + p.type().language() : "");
                h.append("<tr><td><code>").append(Html.esc(p.name())).append("</code></td><td>").append(Html.esc(type))
                        .append("</td><td>").append(p.required() ? "required" : "optional").append(p.repeatable() ? ", repeatable" : "")
                        .append("</td><td>").append(Html.esc(String.join(", ", p.defaults()))).append("</td><td>")
                        .append(Html.esc(String.join(", ", p.allowed()))).append("</td><td>");
                if (!p.allowed().isEmpty()) {
                    h.append("<select name=\"").append(Html.esc(p.name())).append("\"><option value=\"\"></option>");
                    for (String a : p.allowed())
                        h.append("<option>").append(Html.esc(a)).append("</option>");
                    h.append("</select>");
                } else {
                    h.append("<input name=\"").append(Html.esc(p.name())).append("\" placeholder=\"")
                            .append(Html.esc(String.join(", ", p.defaults()))).append("\"").append(p.required() ? " required" : "").append(">");
                }
                h.append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p>Run as ");
        for (String suffix : Negotiation.suffixes(t.answersRdf()).keySet())
            h.append("<button formaction=\"").append(Html.esc(base + "." + suffix)).append("\">")
                    .append(suffix.toUpperCase(Locale.ROOT)).append("</button> ");
        h.append(" · <a class=\"editor\" href=\"").append(Html.esc(QueryResultPage.editorLink(t))).append("\">Open in the query editor</a>");
        h.append("</p>\n</form>\n<details><summary>SPARQL</summary>\n<pre>").append(Html.esc(t.sparql())).append("</pre>\n</details>\n</section>\n");
    }
}
