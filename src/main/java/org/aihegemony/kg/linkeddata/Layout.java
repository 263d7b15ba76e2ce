package org.aihegemony.kg.linkeddata;

import java.util.List;

/** The frame of every HTML page: head (viewport, stylesheet, alternate formats), navigation, footer. */
public final class Layout {
    private Layout() {}

    public record Alternate(String href, String type) { }

    public static String page(String title, String lang, List<Alternate> alternates, String extraHead, String body) {
        Html h = new Html();
        h.raw("<!doctype html>\n<html lang=\"").text(lang).raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
         .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .raw("<title>").text(title).raw(" — AI Hegemony KG</title>\n")
         .raw("<link rel=\"stylesheet\" href=\"/static/site.css\">\n");
        for (Alternate a : alternates)
            h.raw("<link rel=\"alternate\" type=\"").text(a.type()).raw("\" href=\"").text(a.href()).raw("\">\n");
        h.raw(extraHead == null ? "" : extraHead);
        h.raw("</head>\n<body>\n<header class=\"site\"><nav>")
         .raw("<a class=\"home\" href=\"/\">AI Hegemony KG</a>")
         .raw("<a href=\"/ontology\">Ontology</a>")
         .raw("<a href=\"/#sparql\">SPARQL</a>")
         .raw("<a href=\"/queries\">Saved queries</a>")
         .raw("<a href=\"/#downloads\">Downloads</a>")
         .raw(SEARCH_BOX)
         .raw("</nav></header>\n<main>\n").raw(body).raw("\n</main>\n")
         .raw("<footer class=\"site\">AI Hegemony KG · <a href=\"/.well-known/void\">VoID</a> · "
                 + "<a href=\"/kg/sparql\">SPARQL endpoint</a></footer>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * The search box of every page (issue 13): a plain form to {@code /search}, which works without
     * script; {@code /static/search.js} adds suggestions as one types, from {@code /search/suggest}.
     */
    static final String SEARCH_BOX = "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
            + "<input id=\"site-search\" type=\"search\" name=\"q\" maxlength=\"200\" autocomplete=\"off\""
            + " placeholder=\"Search · 검색\" aria-label=\"Search the graph\" aria-autocomplete=\"list\""
            + " aria-controls=\"site-search-suggestions\">"
            + "<button type=\"submit\">Search</button>"
            + "<ul id=\"site-search-suggestions\" class=\"suggestions\" role=\"listbox\" hidden></ul>"
            + "</form><script src=\"/static/search.js\" defer></script>";

    static List<Alternate> rdfAlternates(String pathWithoutSuffix, List<RdfFormat> formats) {
        return formats.stream().map(f -> new Alternate(pathWithoutSuffix + "." + f.suffix, f.mediaType)).toList();
    }

    /** "Turtle · N-Triples · …" links to a resource's RDF documents. */
    static String formatLinks(String pathWithoutSuffix, List<RdfFormat> formats) {
        Html h = new Html();
        h.raw("<p class=\"formats\">RDF: ");
        boolean first = true;
        for (RdfFormat f : formats) {
            if (!first)
                h.raw(" · ");
            first = false;
            h.link(pathWithoutSuffix + "." + f.suffix, label(f));
        }
        return h.raw("</p>").toString();
    }

    static String label(RdfFormat f) {
        return switch (f) {
            case TURTLE -> "Turtle";
            case NTRIPLES -> "N-Triples";
            case JSONLD -> "JSON-LD";
            case RDFXML -> "RDF/XML";
            case TRIG -> "TriG (with evidence graphs)";
        };
    }
}
