package org.aihegemony.kg.server;

/**
 * How deeply a SPARQL query's brackets nest, found by one pass over its text that skips strings,
 * IRIs and comments. Parsers recurse once per level, so a bound on this bounds their stack.
 */
final class QueryDepth {
    private QueryDepth() {}

    /** The deepest nesting of {@code { ( [}, counted up to just past {@code stopAbove}. */
    static int of(String q, int stopAbove) {
        int depth = 0, max = 0;
        int n = q.length();
        for (int i = 0; i < n; i++) {
            char c = q.charAt(i);
            switch (c) {
                case '#' -> {
                    while (i < n && q.charAt(i) != '\n' && q.charAt(i) != '\r')
                        i++;
                }
                case '"', '\'' -> i = skipString(q, i);
                case '<' -> i = skipIri(q, i);
                case '{', '(', '[' -> {
                    depth++;
                    if (depth > max) {
                        max = depth;
                        if (max > stopAbove)
                            return max;
                    }
                }
                case '}', ')', ']' -> depth = Math.max(0, depth - 1);
                default -> { }
            }
        }
        return max;
    }

    /** The index of a string's closing quote (long strings with three quotes included). */
    private static int skipString(String q, int i) {
        char quote = q.charAt(i);
        boolean isLong = q.startsWith(String.valueOf(quote).repeat(3), i);
        int j = i + (isLong ? 3 : 1);
        while (j < q.length()) {
            char c = q.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote && (!isLong || q.startsWith(String.valueOf(quote).repeat(3), j)))
                return j + (isLong ? 2 : 0);
            if (!isLong && (c == '\n' || c == '\r'))
                return j;
            j++;
        }
        return q.length();
    }

    /** Past an IRI written {@code <…>} (no spaces, quotes or braces inside); a lone '<' is an operator. */
    private static int skipIri(String q, int i) {
        for (int j = i + 1; j < q.length(); j++) {
            char c = q.charAt(j);
            if (c == '>')
                return j;
            if (c <= ' ' || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`' || c == '\\')
                return i;
        }
        return i;
    }
}
