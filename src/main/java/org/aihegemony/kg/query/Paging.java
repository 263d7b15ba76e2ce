package org.aihegemony.kg.query;

import java.util.List;
import java.util.Map;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.query.Query;

/**
 * A page of a saved query's answer: {@code limit} and {@code offset}, given on any saved query (issue 13).
 * They narrow the query's own LIMIT/OFFSET, never widen it. Without {@code limit} the whole answer comes
 * (programs keep what they had), unless the caller sets a default (the HTML table shows
 * {@value #HTML_DEFAULT} rows).
 */
public record Paging(long limit, long offset) {
    /** The largest page. */
    public static final long MAX_LIMIT = 10_000;
    /** The deepest offset. */
    public static final long MAX_OFFSET = 1_000_000;
    /** Rows per HTML page when no {@code limit} is given. */
    public static final long HTML_DEFAULT = 100;
    /** No limit. */
    public static final long ALL = -1;

    public static final String LIMIT = "limit";
    public static final String OFFSET = "offset";

    public boolean limited() { return limit >= 0; }

    /**
     * Reads {@code limit} and {@code offset} from request values (and removes them).
     *
     * @throws KgException {@link ErrorCode#QUERY_PARAMETER} naming the parameter that is not a whole number in range
     */
    public static Paging take(Map<String, List<String>> values, long defaultLimit) {
        long limit = number(values.remove(LIMIT), LIMIT, 1, MAX_LIMIT, defaultLimit);
        long offset = number(values.remove(OFFSET), OFFSET, 0, MAX_OFFSET, 0);
        return new Paging(limit, offset);
    }

    private static long number(List<String> raw, String name, long min, long max, long dflt) {
        List<String> given = raw == null ? List.of() : raw.stream().filter(v -> v != null && !v.isBlank()).toList();
        if (given.isEmpty())
            return dflt;
        if (given.size() > 1)
            throw new KgException(ErrorCode.QUERY_PARAMETER, "Parameter " + name + " takes one value, got " + given.size());
        long n;
        try {
            n = Long.parseLong(given.get(0).strip());
        } catch (NumberFormatException e) {
            throw new KgException(ErrorCode.QUERY_PARAMETER, "Parameter " + name + ": '" + given.get(0) + "' is not a whole number");
        }
        if (n < min || n > max)
            throw new KgException(ErrorCode.QUERY_PARAMETER, "Parameter " + name + ": " + n + " is outside " + min + ".." + max);
        return n;
    }

    /**
     * The query narrowed to this page, asking for one row more than the page (when that row exists within
     * the query's own LIMIT), so the caller learns whether a next page exists.
     */
    public Query apply(Query q) {
        long ownOffset = q.hasOffset() ? q.getOffset() : 0;
        long remaining = q.hasLimit() ? Math.max(0, q.getLimit() - offset) : Long.MAX_VALUE;
        if (offset > 0)
            q.setOffset(ownOffset + offset);
        if (limited())
            q.setLimit(Math.min(limit + 1, remaining));
        else if (remaining != Long.MAX_VALUE)
            q.setLimit(remaining);
        return q;
    }

    /** The query narrowed to exactly this page (graph answers, where a probe row cannot be told apart). */
    public Query applyExact(Query q) {
        long ownOffset = q.hasOffset() ? q.getOffset() : 0;
        long remaining = q.hasLimit() ? Math.max(0, q.getLimit() - offset) : Long.MAX_VALUE;
        if (offset > 0)
            q.setOffset(ownOffset + offset);
        if (limited())
            q.setLimit(Math.min(limit, remaining));
        else if (remaining != Long.MAX_VALUE)
            q.setLimit(remaining);
        return q;
    }
}
