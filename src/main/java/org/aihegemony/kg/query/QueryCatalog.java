package org.aihegemony.kg.query;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.query.Dataset;

/**
 * The saved queries as an API serves them: every {@code queries/*.rq} compiled into a
 * {@link QueryTemplate}, by name. A file that does not compile, or whose name is not kebab-case, is an
 * error naming it — found when the catalog is made, not when someone calls the query.
 */
public final class QueryCatalog {
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Map<String, QueryTemplate> byName;
    private final List<String> order;

    private QueryCatalog(Map<String, QueryTemplate> byName) {
        this.byName = Map.copyOf(byName);
        this.order = List.copyOf(byName.keySet());
    }

    public static QueryCatalog empty() {
        return new QueryCatalog(Map.of());
    }

    /** Compiles every saved query. */
    public static QueryCatalog compile(SavedQueries queries) {
        Map<String, QueryTemplate> map = new LinkedHashMap<>();
        for (SavedQuery q : queries.all()) {
            checkName(q);
            map.put(q.name(), QueryTemplate.compile(q));
        }
        return new QueryCatalog(map);
    }

    /** Compiles one saved query, with the same checks as the whole catalog. */
    public static QueryTemplate compileOne(SavedQuery q) {
        checkName(q);
        return QueryTemplate.compile(q);
    }

    private static void checkName(SavedQuery q) {
        if (!KEBAB.matcher(q.name()).matches())
            throw new KgException(ErrorCode.QUERY_SYNTAX, q.path() + ": a saved query's file name is kebab-case"
                    + " (a-z, 0-9 and '-', e.g. open-platforms.rq), as it becomes a URL and a command argument");
        if (!q.path().equals("queries/" + q.name() + ".rq"))
            throw new KgException(ErrorCode.QUERY_SYNTAX, q.path() + ": saved queries live directly in queries/"
                    + " (data checks in queries/checks/*-violation.rq)");
    }

    /** The catalog with the allowed values that {@code #+ enumerate} reads from the store filled in. */
    public QueryCatalog withStoreValues(Dataset ds, Duration timeout) {
        Map<String, QueryTemplate> map = new LinkedHashMap<>();
        for (String n : order)
            map.put(n, StoreValues.resolve(byName.get(n), ds, timeout));
        return new QueryCatalog(map);
    }

    /** The templates, in file-name order. */
    public List<QueryTemplate> all() {
        return order.stream().map(byName::get).toList();
    }

    public Optional<QueryTemplate> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public QueryTemplate get(String name) {
        return find(name).orElseThrow(() -> new KgException(ErrorCode.UNKNOWN_QUERY, "Unknown saved query: " + name));
    }
}
