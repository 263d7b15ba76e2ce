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
        List<Range> ranges = Range.parse(accept);
        ResultFormat best = null;
        double bestQ = 0;
        for (ResultFormat f : formats) {
            double q = quality(ranges, f);
            if (q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The quality a client gives a format: the best over its media types (see {@link #qualityOf}). */
    private static double quality(List<Range> ranges, ResultFormat f) {
        double best = qualityOf(ranges, f.mediaType());
        for (String alias : ALIASES.getOrDefault(f, List.of()))
            best = Math.max(best, qualityOf(ranges, alias));
        return best;
    }

    /** Whether a client prefers HTML to JSON (a browser does; curl, pandas and requests do not). */
    static boolean prefersHtml(String accept) {
        if (accept == null || accept.isBlank())
            return false;
        List<Range> ranges = Range.parse(accept);
        return qualityOf(ranges, "text/html") > qualityOf(ranges, "application/json");
    }

    /** The quality of the most specific range that matches a media type (RFC 9110, 12.5.1); 0 if none does. */
    private static double qualityOf(List<Range> ranges, String type) {
        double best = 0;
        int bestSpecificity = -1;
        for (Range r : ranges) {
            int s = r.specificity(type);
            if (s > bestSpecificity) {
                bestSpecificity = s;
                best = r.q;
            }
        }
        return best;
    }

    /** One media range of an Accept header. */
    record Range(String type, String subtype, double q) {
        static List<Range> parse(String header) {
            List<Range> out = new ArrayList<>();
            for (String part : header.split(",")) {
                String[] bits = part.split(";");
                String mt = bits[0].strip().toLowerCase(Locale.ROOT);
                int slash = mt.indexOf('/');
                if (slash < 0)
                    continue;
                double q = 1;
                for (int i = 1; i < bits.length; i++) {
                    String p = bits[i].strip();
                    if (p.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                out.add(new Range(mt.substring(0, slash), mt.substring(slash + 1), q));
            }
            return out;
        }

        /** 2 exact, 1 {@code type/*}, 0 {@code *}{@code /*}, -1 no match. */
        int specificity(String mediaType) {
            int slash = mediaType.indexOf('/');
            String t = mediaType.substring(0, slash);
            String s = mediaType.substring(slash + 1);
            if (type.equals(t) && subtype.equals(s))
                return 2;
            if (type.equals(t) && subtype.equals("*"))
                return 1;
            if (type.equals("*") && subtype.equals("*"))
                return 0;
            return -1;
        }
    }
}
