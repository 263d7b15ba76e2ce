package org.aihegemony.kg.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.aihegemony.kg.query.ResultFormat;

/**
 * Which format an answer is written in: from a URL suffix ({@code open-platforms.csv}) or from the
 * {@code Accept} header. Tables (SELECT, ASK) come as SPARQL JSON (the default), SPARQL XML, CSV or TSV;
 * graphs (CONSTRUCT, DESCRIBE) as Turtle (the default), N-Triples, JSON-LD or RDF/XML.
 */
final class Negotiation {
    private Negotiation() {}

    /** Suffixes of table answers, in order of preference. */
    static final Map<String, ResultFormat> TABLE_SUFFIXES = ordered("json", ResultFormat.JSON, "csv", ResultFormat.CSV,
            "tsv", ResultFormat.TSV, "xml", ResultFormat.XML);
    /** Suffixes of graph answers, in order of preference. */
    static final Map<String, ResultFormat> GRAPH_SUFFIXES = ordered("ttl", ResultFormat.TURTLE, "nt", ResultFormat.NT,
            "jsonld", ResultFormat.JSONLD, "rdf", ResultFormat.RDFXML);

    /** Media types accepted for each format, besides its own. */
    private static final Map<ResultFormat, List<String>> ALIASES = Map.of(
            ResultFormat.JSON, List.of("application/json"),
            ResultFormat.XML, List.of("application/xml", "text/xml"),
            ResultFormat.NT, List.of("text/plain"));

    private static Map<String, ResultFormat> ordered(Object... kv) {
        Map<String, ResultFormat> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2)
            m.put((String) kv[i], (ResultFormat) kv[i + 1]);
        return m;
    }

    static Map<String, ResultFormat> suffixes(boolean graph) {
        return graph ? GRAPH_SUFFIXES : TABLE_SUFFIXES;
    }

    /** The format a suffix names, if it is one of this kind of answer's. */
    static Optional<ResultFormat> bySuffix(String suffix, boolean graph) {
        return Optional.ofNullable(suffixes(graph).get(suffix.toLowerCase(Locale.ROOT)));
    }

    /**
     * The best format for an {@code Accept} header: the highest quality; on a tie, our order of
     * preference. No header (or only wildcards) gives the default, JSON or Turtle.
     *
     * @return empty when the header accepts none of the formats (406)
     */
    static Optional<ResultFormat> byAccept(String accept, boolean graph) {
        List<ResultFormat> formats = new ArrayList<>(suffixes(graph).values());
        if (accept == null || accept.isBlank())
            return Optional.of(formats.get(0));
        ResultFormat best = null;
        double bestQ = 0;
        for (ResultFormat f : formats) {
            double q = quality(accept, f);
            if (q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The quality a client gives a format: the best over its media types. */
    private static double quality(String accept, ResultFormat f) {
        double best = weight(accept, f.mediaType());
        for (String alias : ALIASES.getOrDefault(f, List.of()))
            best = Math.max(best, weight(accept, alias));
        return best;
    }

    /** Whether a client prefers HTML to JSON (a browser does; curl, pandas and requests do not). */
    static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank())
            return false;
        return weight(accept, "text/html") > weight(accept, "application/json");
    }

    private static double weight(String accept, String mediaType) {
        return org.aihegemony.kg.linkeddata.Negotiation.quality(accept, mediaType);
    }
}
