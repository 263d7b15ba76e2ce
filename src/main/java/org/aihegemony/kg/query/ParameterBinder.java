package org.aihegemony.kg.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.graph.NodeTransform;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;

/**
 * Binds request values to a template's parameters on the parsed query, never on its text: each value is
 * parsed into one RDF term of the parameter's type, and the query's variable is replaced by that term
 * (Jena's syntax transform). Several values for one parameter become a {@code VALUES} block at the start
 * of the WHERE clause. No value can add a pattern, close a brace or comment out the rest: a value is a
 * term or it is refused.
 */
public final class ParameterBinder {
    /** The most values one parameter takes in one request. */
    static final int MAX_VALUES = 100;

    private ParameterBinder() {}

    /**
     * The template's query with the values bound.
     *
     * @param values request values by parameter name; empty strings count as not given
     * @throws KgException {@link ErrorCode#QUERY_PARAMETER} naming the parameter: unknown, missing, of the
     *                     wrong type, not among the allowed values, or repeated where it takes one value
     */
    public static Query bind(QueryTemplate t, Map<String, List<String>> values) {
        for (String given : values.keySet()) {
            if (t.parameter(given).isEmpty())
                throw error("Unknown parameter: " + given + " (" + t.name() + " takes "
                        + (t.parameters().isEmpty() ? "no parameters" : t.parameters().stream()
                                .map(QueryParameter::name).collect(Collectors.joining(", "))) + ")");
        }
        PrefixMapping prefixes = t.query().getPrefixMapping();
        Map<Var, Node> single = new LinkedHashMap<>();
        Map<Var, List<Node>> several = new LinkedHashMap<>();
        for (QueryParameter p : t.parameters()) {
            List<String> raw = values.getOrDefault(p.name(), List.of()).stream().filter(v -> v != null && !v.isEmpty()).toList();
            if (raw.isEmpty())
                raw = p.defaults();
            if (raw.isEmpty()) {
                if (p.declared())
                    throw error("Missing required parameter: " + p.name() + " (" + p.type().phrase() + ")");
                continue;
            }
            if (raw.size() > MAX_VALUES)
                throw error("Parameter " + p.name() + ": at most " + MAX_VALUES + " values, got " + raw.size());
            Set<Node> nodes = new LinkedHashSet<>();
            for (String v : raw) {
                Node n;
                try {
                    n = p.type().toNode(v, prefixes);
                } catch (IllegalArgumentException e) {
                    throw error("Parameter " + p.name() + ": " + quote(v) + " is " + e.getMessage());
                }
                if (!p.allowed().isEmpty() && !isAllowed(p, n, prefixes))
                    throw error("Parameter " + p.name() + ": " + quote(v) + " is not one of " + String.join(", ", p.allowed()));
                nodes.add(n);
            }
            Var var = Var.alloc(p.variable());
            if (nodes.size() == 1)
                single.put(var, nodes.iterator().next());
            else if (p.repeatable())
                several.put(var, new ArrayList<>(nodes));
            else
                throw error("Parameter " + p.name() + " takes one value in " + t.name() + ", got " + nodes.size());
        }
        Query q = copy(t.query());
        if (!single.isEmpty())
            q = substitute(q, single);
        if (!several.isEmpty())
            addValues(q, several);
        return q;
    }

    /**
     * A copy to bind. Jena 5.6's query transform (and so {@code cloneQuery}) rewrites every HAVING
     * condition from the first one (QueryTransformOps.mutateExprList reads index 0 in its loop); the
     * conditions are immutable, so the copy gets the original list back.
     */
    static Query copy(Query original) {
        Query c = original.cloneQuery();
        restoreHaving(c, original.getHavingExprs(), n -> n);
        return c;
    }

    private static void restoreHaving(Query q, List<Expr> having, NodeTransform nt) {
        if (having.size() < 2)
            return;
        q.getHavingExprs().clear();
        for (Expr e : having)
            q.getHavingExprs().add(e.applyNodeTransform(nt));
    }

    /** Replaces variables by terms; the answer keeps the same columns as the unbound query. */
    private static Query substitute(Query q, Map<Var, Node> single) {
        if (q.isSelectType() && q.isQueryResultStar()) {
            List<Var> columns = List.copyOf(q.getProjectVars());
            q.setQueryResultStar(false);
            columns.forEach(q::addResultVar);
        }
        List<Expr> having = List.copyOf(q.getHavingExprs());
        Query out = QueryTransformOps.replaceVars(q, single);
        restoreHaving(out, having, n -> single.getOrDefault(n, n));
        return out;
    }

    /** Puts one {@code VALUES ?var { ... }} block per parameter at the start of the WHERE clause. */
    private static void addValues(Query q, Map<Var, List<Node>> several) {
        ElementGroup group = new ElementGroup();
        several.forEach((var, nodes) -> {
            List<Binding> rows = nodes.stream().map(n -> BindingFactory.binding(var, n)).toList();
            group.addElement(new ElementData(List.of(var), rows));
        });
        Element pattern = q.getQueryPattern();
        if (pattern instanceof ElementGroup g)
            g.getElements().forEach(group::addElement);
        else if (pattern != null)
            group.addElement(pattern);
        q.setQueryPattern(group);
    }

    /** Whether a value is among the parameter's allowed values (compared as RDF terms, by value). */
    static boolean isAllowed(QueryParameter p, String value, PrefixMapping prefixes) {
        return isAllowed(p, p.type().toNode(value, prefixes), prefixes);
    }

    static boolean isAllowed(QueryParameter p, Node n, PrefixMapping prefixes) {
        for (String a : p.allowed()) {
            try {
                Node an = p.type().toNode(a, prefixes);
                if (an.equals(n) || an.sameValueAs(n))
                    return true;
            } catch (IllegalArgumentException e) {
                // A store value of another form; it cannot match.
            }
        }
        return false;
    }

    private static String quote(String v) {
        String s = v.length() > 80 ? v.substring(0, 80) + "…" : v;
        return "'" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }

    private static KgException error(String message) {
        return new KgException(ErrorCode.QUERY_PARAMETER, message);
    }
}
