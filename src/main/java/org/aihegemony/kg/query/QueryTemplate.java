package org.aihegemony.kg.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryType;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.OpVars;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.graph.NodeTransform;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformSubst;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformer;
import org.apache.jena.sparql.syntax.syntaxtransform.ExprTransformNodeElement;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryScopeException;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;

/**
 * A saved query ready to run with parameters: its header, its parsed query and the parameters its
 * variables declare. Compiling checks everything a request cannot fix — the header, the parameter names
 * and types, that defaults and listed values are of their parameter's type — and names the file (and
 * line) of any problem.
 */
public final class QueryTemplate {
    private final String name;
    private final String path;
    private final String text;
    private final QueryHeader header;
    private final Query query;
    private final List<QueryParameter> parameters;

    private QueryTemplate(String name, String path, String text, QueryHeader header, Query query, List<QueryParameter> parameters) {
        this.name = name;
        this.path = path;
        this.text = text;
        this.header = header;
        this.query = query;
        this.parameters = List.copyOf(parameters);
    }

    public String name() { return name; }
    /** The file, relative to the sources root. */
    public String path() { return path; }
    /** The file's text, header included. */
    public String text() { return text; }
    public QueryHeader header() { return header; }
    /** The parsed query, unbound. Do not modify: {@link #bind} works on copies. */
    public Query query() { return query; }
    public List<QueryParameter> parameters() { return parameters; }

    public Optional<QueryParameter> parameter(String n) {
        return parameters.stream().filter(p -> p.name().equals(n)).findFirst();
    }

    /** SELECT, ASK, CONSTRUCT or DESCRIBE. */
    public QueryType type() {
        return query.queryType();
    }

    /** Whether the answer is RDF (CONSTRUCT, DESCRIBE) rather than a table (SELECT, ASK). */
    public boolean answersRdf() {
        return query.isConstructType() || query.isDescribeType();
    }

    /** The query text without the {@code #+} header lines. */
    public String sparql() {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1))
            if (!line.startsWith("#+"))
                sb.append(line).append('\n');
        return sb.toString().strip() + "\n";
    }

    /** Binds values to the parameters; see {@link ParameterBinder}. */
    public Query bind(Map<String, List<String>> values) {
        return ParameterBinder.bind(this, values);
    }

    /** The same template with one parameter replaced (e.g. with the allowed values read from the store). */
    public QueryTemplate with(QueryParameter p) {
        List<QueryParameter> ps = new ArrayList<>(parameters);
        ps.replaceAll(x -> x.name().equals(p.name()) ? p : x);
        return new QueryTemplate(name, path, text, header, query, ps);
    }

    /** Compiles a saved query file. */
    public static QueryTemplate compile(SavedQuery sq) {
        return compile(sq.name(), sq.path(), sq.text());
    }

    /**
     * Compiles a query file.
     *
     * @throws KgException {@link ErrorCode#QUERY_SYNTAX}, naming the file (and the line where known)
     */
    public static QueryTemplate compile(String name, String path, String text) {
        QueryHeader header = QueryHeader.parse(text, path);
        Query query = QueryRunner.parse(text, path);
        // Query computes its result variables lazily, unsynchronised; do it now, before requests share it.
        query.ensureResultVars();

        // The parameters: every variable starting with '_', in the order they first appear in the text.
        Map<String, QueryParameter> byName = new LinkedHashMap<>();
        for (Var v : sortedByFirstUse(variables(query), text)) {
            if (!QueryParameter.isParameterVariable(v.getVarName()))
                continue;
            QueryParameter p;
            try {
                p = QueryParameter.fromVariable(v.getVarName(), query.getPrefixMapping());
            } catch (IllegalArgumentException e) {
                throw syntax(path, lineOf(text, v), e.getMessage());
            }
            QueryParameter before = byName.putIfAbsent(p.name(), p);
            if (before != null)
                throw syntax(path, lineOf(text, v), "?" + before.variable() + " and ?" + p.variable()
                        + " both declare the parameter " + p.name());
        }
        List<QueryParameter> params = new ArrayList<>(byName.values());
        checkHeaderNames(path, header.defaults(), byName, "defaults");
        checkHeaderNames(path, header.enumerate(), byName, "enumerate");
        checkSubstitutable(path, text, query, params);
        Set<Var> repeatable = repeatableVars(query);
        for (int i = 0; i < params.size(); i++) {
            QueryParameter p = params.get(i);
            QueryHeader.Entry en = header.enumerate().get(p.name());
            QueryHeader.Entry df = header.defaults().get(p.name());
            if (en != null) {
                if (en.fromStore() && !boundByPattern(query).contains(Var.alloc(p.variable())))
                    throw syntax(path, en.line(), "#+ enumerate: " + p.name() + " is to be read from the store, but the query's"
                            + " pattern does not bind ?" + p.variable() + " (a FILTER alone gives it no values); list the values");
                for (String v : en.values())
                    checkValue(path, en.line(), "#+ enumerate", p, v, query);
                p = p.withAllowed(en.values(), en.fromStore());
            }
            if (df != null) {
                for (String v : df.values()) {
                    checkValue(path, df.line(), "#+ defaults", p, v, query);
                    if (!p.allowed().isEmpty() && !ParameterBinder.isAllowed(p, v, query.getPrefixMapping()))
                        throw syntax(path, df.line(), "#+ defaults: " + v + " is not among the enumerated values of " + p.name());
                }
                if (df.values().size() > 1 && !repeatable.contains(Var.alloc(p.variable())))
                    throw syntax(path, df.line(), "#+ defaults gives " + p.name() + " several values, but ?" + p.variable()
                            + " is not bound in the query's main pattern, so it takes one value");
                p = p.withDefaults(df.values());
            }
            params.set(i, p.withRepeatable(repeatable.contains(Var.alloc(p.variable()))));
        }
        return new QueryTemplate(name, path, text, header, query, params);
    }

    private static void checkHeaderNames(String path, Map<String, QueryHeader.Entry> entries,
            Map<String, QueryParameter> byName, String key) {
        entries.forEach((n, e) -> {
            if (!byName.containsKey(n))
                throw syntax(path, e.line(), "#+ " + key + " names " + n + ", which is not a parameter of this query ("
                        + (byName.isEmpty() ? "it has none" : "parameters: " + String.join(", ", byName.keySet())) + ")");
        });
    }

    private static void checkValue(String path, int line, String where, QueryParameter p, String v, Query query) {
        try {
            p.type().toNode(v, query.getPrefixMapping());
        } catch (IllegalArgumentException e) {
            throw syntax(path, line, where + ": " + p.name() + " value '" + v + "' is " + e.getMessage());
        }
    }

    /** A parameter variable cannot be one the query assigns (BIND, VALUES, AS): fail now, not per request. */
    private static void checkSubstitutable(String path, String text, Query query, List<QueryParameter> params) {
        for (QueryParameter p : params) {
            Map<Var, Node> trial = Map.of(Var.alloc(p.variable()), NodeFactory.createURI("urn:x-trial:value"));
            try {
                QueryTransformOps.replaceVars(query, trial);
            } catch (QueryScopeException e) {
                throw syntax(path, lineOf(text, Var.alloc(p.variable())), "?" + p.variable()
                        + " is assigned in the query (BIND, VALUES or AS), so it cannot be a parameter");
            }
        }
    }

    /**
     * The variables a VALUES block at the start of the WHERE clause binds wherever they are used: those
     * the main pattern binds, those only its top-level FILTERs use, and those outside the pattern (in
     * the SELECT, CONSTRUCT or DESCRIBE clause). A variable used only in a nested scope — a sub-query, a
     * UNION branch, an inner group's FILTER, a HAVING condition — takes one value, substituted everywhere.
     */
    static Set<Var> repeatableVars(Query query) {
        Set<Var> all = variables(query);
        Element pattern = query.getQueryPattern();
        if (pattern == null)
            return all;
        Set<Var> inPattern = variables(pattern);
        Set<Var> out = new LinkedHashSet<>(boundByPattern(query));
        if (pattern instanceof ElementGroup g)
            for (Element e : g.getElements())
                if (e instanceof ElementFilter f)
                    out.addAll(f.getExpr().getVarsMentioned());
        // Outside the pattern (SELECT, CONSTRUCT, DESCRIBE, ORDER BY), a VALUES binding reaches a variable
        // unless grouping comes in between: HAVING and aggregates see only the groups.
        boolean grouped = query.hasGroupBy() || query.hasAggregators() || query.hasHaving();
        for (Var v : all)
            if (!inPattern.contains(v) && !grouped)
                out.add(v);
        return out;
    }

    /** The variables the WHERE clause binds. */
    static Set<Var> boundByPattern(Query query) {
        Element pattern = query.getQueryPattern();
        return pattern == null ? Set.of() : OpVars.visibleVars(Algebra.compile(pattern));
    }

    /** Every variable where a substitution reaches it: patterns, expressions, templates, modifiers. */
    static Set<Var> variables(Query query) {
        Set<Var> seen = new LinkedHashSet<>();
        QueryTransformOps.transform(query, recorder(seen));
        // Jena 5.6's transform visits only the first HAVING condition (see ParameterBinder).
        for (Expr e : query.getHavingExprs())
            seen.addAll(e.getVarsMentioned());
        return seen;
    }

    static Set<Var> variables(Element element) {
        Set<Var> seen = new LinkedHashSet<>();
        NodeTransform t = recorder(seen);
        ElementTransformSubst et = new ElementTransformSubst(t);
        ElementTransformer.transform(element, et, new ExprTransformNodeElement(t, et));
        return seen;
    }

    private static NodeTransform recorder(Set<Var> seen) {
        return n -> {
            if (Var.isVar(n))
                seen.add(Var.alloc(n));
            return n;
        };
    }

    private static List<Var> sortedByFirstUse(Set<Var> vars, String text) {
        Map<Var, Integer> at = new HashMap<>();
        for (Var v : vars)
            at.put(v, firstUse(text, v));
        List<Var> out = new ArrayList<>(vars);
        out.sort((a, b) -> Integer.compare(at.get(a), at.get(b)));
        return Collections.unmodifiableList(out);
    }

    private static int firstUse(String text, Var v) {
        Matcher m = Pattern.compile("[?$]" + Pattern.quote(v.getVarName()) + "(?![A-Za-z0-9_\\u00B7-])").matcher(text);
        return m.find() ? m.start() : Integer.MAX_VALUE;
    }

    private static int lineOf(String text, Var v) {
        int at = firstUse(text, v);
        if (at == Integer.MAX_VALUE)
            return 0;
        int line = 1;
        for (int i = 0; i < at; i++)
            if (text.charAt(i) == '\n')
                line++;
        return line;
    }

    static KgException syntax(String path, int line, String message) {
        return new KgException(ErrorCode.QUERY_SYNTAX, path + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
