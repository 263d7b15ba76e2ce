package org.aihegemony.kg.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.linkeddata.Base;
import org.aihegemony.kg.linkeddata.Html;
import org.aihegemony.kg.linkeddata.Layout;
import org.aihegemony.kg.query.Paging;
import org.aihegemony.kg.query.QueryParameter;
import org.aihegemony.kg.query.QueryRunner;
import org.aihegemony.kg.query.QueryTemplate;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDFS;

/**
 * A saved query's answer as an HTML page (issue 13): the table, IRIs linked to their pages and shown by
 * their labels, next/previous links, the same answer in the data formats, and a link that opens the
 * query in the editor.
 */
final class QueryResultPage {
    private QueryResultPage() {}

    static String render(QueryTemplate t, QueryRunner.Page page, Paging paging, Map<String, List<String>> values,
            String self, Dataset dataset, Base base) {
        Map<Node, String> names = labels(page, dataset);
        String title = t.header().summary() == null || t.header().summary().isBlank() ? t.name() : t.header().summary();
        Html h = new Html();
        h.raw("<p class=\"crumbs\"><a href=\"/queries\">Saved queries</a> › <code>").text(t.name()).raw("</code></p>\n");
        h.raw("<h1>").text(title).raw("</h1>\n");
        if (t.header().description() != null && !t.header().description().isBlank())
            h.raw("<p>").text(t.header().description()).raw("</p>\n");
        if (!t.parameters().isEmpty()) {
            h.raw("<form class=\"params\" method=\"get\" action=\"").text(self).raw("\">");
            for (QueryParameter p : t.parameters()) {
                List<String> v = values.getOrDefault(p.name(), List.of());
                h.raw("<label>").text(p.name()).raw(" <input name=\"").text(p.name()).raw("\" value=\"")
                 .text(v.isEmpty() ? "" : v.get(0)).raw("\" placeholder=\"").text(p.type().phrase()).raw("\"></label> ");
            }
            h.raw("<button type=\"submit\">Run</button></form>\n");
        }
        long first = paging.offset() + 1;
        long last = paging.offset() + page.rows().size();
        h.raw("<p class=\"count\">").text(page.rows().isEmpty() ? "No rows" : "Rows " + first + "–" + last + (page.more() ? " (more follow)" : ""))
         .raw("</p>\n");
        h.raw("<table class=\"results\">\n<thead><tr>");
        for (String v : page.vars())
            h.raw("<th>").text(v).raw("</th>");
        h.raw("</tr></thead>\n<tbody>\n");
        for (Binding b : page.rows()) {
            h.raw("<tr>");
            for (String v : page.vars()) {
                Node n = b.get(Var.alloc(v));
                h.raw("<td>").raw(n == null ? "" : cell(n, names, base)).raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</tbody></table>\n<nav class=\"pager\">");
        if (paging.offset() > 0)
            h.raw("<a rel=\"prev\" href=\"").text(pageUrl(self, values, paging.limit(),
                    paging.limited() ? Math.max(0, paging.offset() - paging.limit()) : 0)).raw("\">← Previous</a>");
        if (page.more())
            h.raw("<a rel=\"next\" href=\"").text(pageUrl(self, values, paging.limit(), paging.offset() + paging.limit()))
             .raw("\">Next →</a>");
        h.raw("</nav>\n<p class=\"formats\">This page as ");
        boolean firstFormat = true;
        for (String suffix : Negotiation.suffixes(false).keySet()) {
            if (!firstFormat)
                h.raw(" · ");
            firstFormat = false;
            h.link(pageUrl("/queries/" + t.name() + "." + suffix, values, paging.limit(), paging.offset()), suffix.toUpperCase(java.util.Locale.ROOT));
        }
        h.raw(" · <a class=\"editor\" href=\"").text(editorLink(t)).raw("\">Open in the query editor</a></p>\n");
        h.raw("<details><summary>SPARQL</summary><pre><code>").text(t.sparql()).raw("</code></pre></details>\n");
        return Layout.page(title, "en", List.of(), null, h.toString());
    }

    /** The editor on the home page, opened with the query's text (YASGUI reads {@code #query=}). */
    static String editorLink(QueryTemplate t) {
        return "/#query=" + URLEncoder.encode(t.sparql(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A relative URL of another page of the same answer, the request's parameters kept. */
    static String pageUrl(String path, Map<String, List<String>> values, long limit, long offset) {
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, List<String>> e : values.entrySet())
            for (String v : e.getValue()) {
                sb.append(sep).append(enc(e.getKey())).append('=').append(enc(v));
                sep = '&';
            }
        if (limit >= 0) {
            sb.append(sep).append("limit=").append(limit);
            sep = '&';
        }
        if (offset > 0)
            sb.append(sep).append("offset=").append(offset);
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String cell(Node n, Map<Node, String> names, Base base) {
        Html h = new Html();
        if (n.isURI()) {
            String href = base.href(n);
            boolean external = href.equals(n.getURI());
            h.raw("<a href=\"").text(href).raw("\"").raw(external ? " class=\"external\" rel=\"nofollow\"" : "")
             .raw(" title=\"").text(n.getURI()).raw("\">").text(names.getOrDefault(n, n.getURI())).raw("</a>");
        } else if (n.isLiteral()) {
            String lang = n.getLiteralLanguage();
            if (!lang.isEmpty())
                h.raw("<span lang=\"").text(lang).raw("\">").text(n.getLiteralLexicalForm()).raw("</span> <small class=\"tag\">").text(lang).raw("</small>");
            else {
                h.text(n.getLiteralLexicalForm());
                String dt = n.getLiteralDatatypeURI();
                if (dt != null && !dt.equals(XSDDatatype.XSDstring.getURI()))
                    h.raw(" <small class=\"tag\">").text(dt.replace(XSDDatatype.XSD + "#", "xsd:")).raw("</small>");
            }
        } else {
            h.text(n.toString());
        }
        return h.toString();
    }

    /** "English · 한국어" for every IRI of the page that has labels. */
    private static Map<Node, String> labels(QueryRunner.Page page, Dataset dataset) {
        Set<Node> iris = new LinkedHashSet<>();
        for (Binding b : page.rows())
            b.vars().forEachRemaining(v -> { Node n = b.get(v); if (n != null && n.isURI()) iris.add(n); });
        Map<Node, String> out = new HashMap<>();
        Txn.executeRead(dataset, () -> {
            Graph g = dataset.asDatasetGraph().getUnionGraph();
            for (Node n : iris) {
                String en = label(g, n, "en");
                String ko = label(g, n, "ko");
                String name = en != null && ko != null && !en.equals(ko) ? en + " · " + ko : en != null ? en : ko;
                if (name != null)
                    out.put(n, name);
            }
        });
        return out;
    }

    private static String label(Graph g, Node n, String lang) {
        String[] found = { null };
        g.find(n, RDFS.label.asNode(), Node.ANY).forEachRemaining(t -> {
            Node o = t.getObject();
            if (o.isLiteral() && o.getLiteralLanguage().equalsIgnoreCase(lang)
                    && (found[0] == null || o.getLiteralLexicalForm().compareTo(found[0]) < 0))
                found[0] = o.getLiteralLexicalForm();
        });
        return found[0];
    }
}
