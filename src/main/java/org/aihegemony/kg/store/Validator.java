package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.List;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.RDFNode;
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
        ValidationReport report = ShaclValidator.get().validate(shapes, data);
        for (ReportEntry e : report.getEntries()) {
            boolean blocking = e.severity() == null || Severity.Violation.equals(e.severity());
            String path = e.resultPath() == null ? "" : " (path " + e.resultPath() + ")";
            String shape = e.source() == null ? shapesSource : shapesSource + " " + str(e.source());
            out.add(new Violation(shape, str(e.focusNode()), e.message() + path, blocking));
        }
        return out;
    }

    /** Runs one check query over the dataset (default graph = union); each row is a violation. */
    public static List<Violation> check(SourceFile check, DatasetGraph dsg) {
        Query query;
        try {
            query = QueryFactory.create(check.text());
        } catch (QueryParseException e) {
            throw new KgException(ErrorCode.QUERY_SYNTAX, check.path() + ": " + e.getMessage(), e);
        }
        if (!query.isSelectType())
            throw new KgException(ErrorCode.VALIDATION, check.path() + ": a check must be a SELECT query");
        List<Violation> out = new ArrayList<>();
        try (QueryExecution qe = QueryExecution.create(query, DatasetFactory.wrap(dsg))) {
            ResultSet rs = qe.execSelect();
            int n = 0;
            while (rs.hasNext()) {
                QuerySolution row = rs.next();
                n++;
                if (n > MAX_ROWS_PER_CHECK)
                    continue;
                out.add(new Violation(check.path(), focus(row, query), message(row, query), true));
            }
            if (n > MAX_ROWS_PER_CHECK)
                out.add(new Violation(check.path(), "", (n - MAX_ROWS_PER_CHECK) + " more rows not shown", true));
        }
        return out;
    }

    private static String focus(QuerySolution row, Query q) {
        List<String> vars = q.getResultVars();
        for (String v : vars) {
            if (!v.equals("message") && row.contains(v))
                return str(row.get(v).asNode());
        }
        return "";
    }

    private static String message(QuerySolution row, Query q) {
        if (row.contains("message")) {
            RDFNode m = row.get("message");
            return m.isLiteral() ? m.asLiteral().getLexicalForm() : m.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (String v : q.getResultVars()) {
            if (!row.contains(v))
                continue;
            if (sb.length() > 0) sb.append("; ");
            sb.append('?').append(v).append('=').append(str(row.get(v).asNode()));
        }
        return sb.length() == 0 ? "violation" : sb.toString();
    }

    private static String str(Node n) {
        return n == null ? "" : FmtUtils.stringForNode(n);
    }
}
