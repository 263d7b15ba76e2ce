package org.aihegemony.kg.linkeddata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP content negotiation (RFC 9110, 12.5.1): picks the offered media type the client's
 * {@code Accept} header ranks highest. The most specific matching range sets a type's weight, a
 * weight of 0 refuses it, and among equal weights the server's order decides (so a client sending
 * {@code *}{@code /*} gets the first offer). No header means {@code *}{@code /*}.
 */
public final class Negotiation {
    private Negotiation() {}

    private record Range(String type, String subtype, double q) {
        int specificity() { return type.equals("*") ? 0 : subtype.equals("*") ? 1 : 2; }
        boolean matches(String t, String s) {
            return type.equals("*") || (type.equals(t) && (subtype.equals("*") || subtype.equals(s)));
        }
    }

    public static Optional<String> choose(String accept, List<String> offers) {
        List<Range> ranges = parse(accept);
        String best = null;
        double bestQ = 0;
        for (String offer : offers) {
            double q = quality(ranges, offer);
            if (q > bestQ) {
                best = offer;
                bestQ = q;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The weight a client's {@code Accept} header gives one media type; 0 when it refuses or omits it. */
    public static double quality(String accept, String mediaType) {
        return quality(parse(accept), mediaType);
    }

    /** The weight of the most specific range matching the media type; 0 if none does. */
    private static double quality(List<Range> ranges, String mediaType) {
        String[] ts = mediaType.toLowerCase(Locale.ROOT).split("/", 2);
        Range match = null;
        for (Range r : ranges)
            if (r.matches(ts[0], ts[1]) && (match == null || r.specificity() > match.specificity()))
                match = r;
        return match == null ? 0 : match.q();
    }

    /** A token of RFC 9110 (type, subtype, parameter name): visible ASCII but separators. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * Whether an {@code Accept} header is well formed: a comma-separated list (empty items allowed) of
     * {@code type/subtype} media ranges with optional {@code ;name=value} parameters, {@code q} between 0
     * and 1. A header that is not gets a 400 rather than a guess.
     */
    public static boolean wellFormed(String accept) {
        for (String part : accept.split(",", -1)) {
            if (part.isBlank())
                continue;
            String[] params = part.split(";", -1);
            // A bare "*" is what Java's own HTTP client sends for */*.
            String[] ts = params[0].trim().equals("*") ? new String[] { "*", "*" } : params[0].trim().split("/", -1);
            if (ts.length != 2 || !TOKEN.matcher(ts[0]).matches() || !TOKEN.matcher(ts[1]).matches())
                return false;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.isEmpty())
                    continue;
                int eq = p.indexOf('=');
                if (eq <= 0 || !TOKEN.matcher(p.substring(0, eq).trim()).matches())
                    return false;
                if (p.substring(0, eq).trim().equalsIgnoreCase("q")) {
                    String q = p.substring(eq + 1).trim();
                    if (!q.matches("[01]?(\\.[0-9]*)?") || q.equals(".") || q.isEmpty() || Double.parseDouble(q) > 1)
                        return false;
                }
            }
        }
        return true;
    }

    static List<Range> parse(String accept) {
        List<Range> ranges = new ArrayList<>();
        if (accept == null || accept.isBlank()) {
            ranges.add(new Range("*", "*", 1));
            return ranges;
        }
        for (String part : accept.split(",")) {
            String[] params = part.trim().split(";", -1);
            String range = params[0].trim().toLowerCase(Locale.ROOT);
            String[] ts = range.equals("*") ? new String[] { "*", "*" } : range.split("/", 2);
            if (ts.length != 2 || ts[0].isEmpty() || ts[1].isEmpty())
                continue;
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            ranges.add(new Range(ts[0], ts[1], Math.max(0, Math.min(1, q))));
        }
        return ranges;
    }
}
