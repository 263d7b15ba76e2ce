package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shacl.validation.Severity;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.util.FmtUtils;
import org.apache.jena.query.DatasetFactory;

/** Runs the SHACL shapes and the {@code *-violation.rq} checks; collects what they find. */
public final class Validator {
    /** How many rows of one check are reported; the rest are counted. */
    static final int MAX_ROWS_PER_CHECK = 50;

    private Validator() {}

    /** Validates {@code data} against the shapes graph; an empty shapes graph finds nothing. */
    public static List<Violation> shacl(Graph shapesGraph, Graph data, String shapesSource) {
        List<Violation> out = new ArrayList<>();
        if (shapesGraph.isEmpty())
            return out;
        Shapes shapes;
        try {
            shapes = Shapes.parse(shapesGraph);
        } catch (RuntimeException e) {
            throw new KgException(ErrorCode.VALIDATION, shapesSource + ": the SHACL shapes are not valid: " + e.getMessage(), e);
        }
        QualifiedConformance.lighten(shapes);
        ValidationReport report = ShaclValidator.get().validate(shapes, data);
        for (ReportEntry e : report.getEntries()) {
            boolean blocking = e.severity() == null || Severity.Violation.equals(e.severity());
            String path = e.resultPath() == null ? "" : " (path " + e.resultPath() + ")";
            String shape = e.source() == null ? shapesSource : shapesSource + " " + str(e.source());
            out.add(new Violation(shape, str(e.focusNode()), e.message() + path, blocking));
        }
        return out;
    }

    /**
     * Runs one check over the dataset (default graph = union); each row is a violation. A repository check
     * with a twin in {@link CompiledChecks} (its text unchanged, the store TDB2) is computed by that twin:
     * the same rows, from passes over the indexes.
     */
    public static List<Violation> check(SourceFile check, DatasetGraph dsg) {
        CompiledChecks.Twin twin = CompiledChecks.of(check.text(), dsg);
        if (twin == null)
            return sparql(check, dsg);
        CompiledChecks.Rows rows = twin.run(dsg, MAX_ROWS_PER_CHECK);
        return violations(check, rows.count(), rows.first().stream().map(r -> row(rows.vars(), r::get)).toList());
    }

    /** Runs one check as the SPARQL query it is, whether or not it has a twin. */
    static List<Violation> sparql(SourceFile check, DatasetGraph dsg) {
        Query query;
        try {
            query = QueryFactory.create(check.text());
        } catch (QueryParseException e) {
            throw new KgException(ErrorCode.QUERY_SYNTAX, check.path() + ": " + e.getMessage(), e);
        }
        if (!query.isSelectType())
            throw new KgException(ErrorCode.VALIDATION, check.path() + ": a check must be a SELECT query");
        List<String[]> first = new ArrayList<>();
        long n = 0;
        try (QueryExecution qe = QueryExecution.create(query, DatasetFactory.wrap(dsg))) {
            ResultSet rs = qe.execSelect();
            while (rs.hasNext()) {
                QuerySolution row = rs.next();
                n++;
                if (n <= MAX_ROWS_PER_CHECK)
                    first.add(row(query.getResultVars(), v -> row.contains(v) ? row.get(v).asNode() : null));
            }
        }
        return violations(check, n, first);
    }

    /** The violations of a check's rows: the first ones (focus, message) and a line for those not shown. */
    private static List<Violation> violations(SourceFile check, long count, List<String[]> first) {
        List<Violation> out = new ArrayList<>();
        for (String[] r : first)
            out.add(new Violation(check.path(), r[0], r[1], true));
        if (count > MAX_ROWS_PER_CHECK)
            out.add(new Violation(check.path(), "", (count - MAX_ROWS_PER_CHECK) + " more rows not shown", true));
        return out;
    }

    /**
     * A row's focus (the first bound variable other than ?message) and message (?message, else every bound
     * variable).
     */
    private static String[] row(List<String> vars, Function<String, Node> value) {
        String focus = "";
        for (String v : vars) {
            if (!v.equals("message") && value.apply(v) != null) {
                focus = str(value.apply(v));
                break;
            }
        }
        Node m = value.apply("message");
        if (m != null)
            return new String[] { focus, m.isLiteral() ? m.getLiteralLexicalForm() : m.isURI() ? m.getURI() : m.toString() };
        StringBuilder sb = new StringBuilder();
        for (String v : vars) {
            Node n = value.apply(v);
            if (n == null)
                continue;
            if (sb.length() > 0) sb.append("; ");
            sb.append('?').append(v).append('=').append(str(n));
        }
        return new String[] { focus, sb.length() == 0 ? "violation" : sb.toString() };
    }

    private static String str(Node n) {
        return n == null ? "" : FmtUtils.stringForNode(n);
    }
}
