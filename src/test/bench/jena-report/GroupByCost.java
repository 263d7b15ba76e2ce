import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDFS;

/**
 * Minimal reproducer for Apache Jena (ARQ 5.6.0, in-memory graph): what GROUP BY and COUNT(?v) cost
 * over the join they aggregate. Self-contained; it makes its own data: N subjects, each with an English
 * and a Korean label and eight other triples (typed literals among them, as in real data).
 *
 *   java -cp target/aihegemony-kg.jar src/test/bench/jena-report/GroupByCost.java [N] [SECONDS] [ours]
 *
 * Times, in one JVM, rounds of four queries over the same join (?s rdfs:label ?l . ?s ?p ?o):
 *   join      SELECT ?s ?l ?o                                  (the rows, no grouping)
 *   count*    SELECT ?s ?l (COUNT(*) AS ?n)  ... GROUP BY ?s ?l
 *   count?o   SELECT ?s ?l (COUNT(?o) AS ?n) ... GROUP BY ?s ?l  (the same answer: ?o is always bound)
 * and prints milliseconds per query (median of the rounds). With "ours" (and our jar on the class path)
 * GROUP BY runs on org.aihegemony.kg.store.GroupingExecutor instead, for comparison. What it showed on
 * 5.6.0 is in README.md beside this file.
 */
public class GroupByCost {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Graph g = GraphFactory.createDefaultGraph();
        Node xsdInt = NodeFactory.createURI("http://www.w3.org/2001/XMLSchema#integer");
        Node xsdDate = NodeFactory.createURI("http://www.w3.org/2001/XMLSchema#date");
        for (int i = 0; i < n; i++) {
            Node s = NodeFactory.createURI("https://example.org/id/item-" + i);
            g.add(Triple.create(s, RDFS.label.asNode(), NodeFactory.createLiteralLang("Item " + i, "en")));
            g.add(Triple.create(s, RDFS.label.asNode(), NodeFactory.createLiteralLang("항목 " + i, "ko")));
            for (int k = 0; k < 4; k++)
                g.add(Triple.create(s, NodeFactory.createURI("https://example.org/link" + k), NodeFactory.createURI("https://example.org/id/item-" + ((i + k + 1) % n))));
            g.add(Triple.create(s, NodeFactory.createURI("https://example.org/count"),
                    NodeFactory.createLiteralDT(Integer.toString(i * 37), org.apache.jena.datatypes.TypeMapper.getInstance().getSafeTypeByName(xsdInt.getURI()))));
            g.add(Triple.create(s, NodeFactory.createURI("https://example.org/date"),
                    NodeFactory.createLiteralDT("2020-05-" + (10 + i % 19), org.apache.jena.datatypes.TypeMapper.getInstance().getSafeTypeByName(xsdDate.getURI()))));
            g.add(Triple.create(s, RDFS.comment.asNode(), NodeFactory.createLiteralLang("A comment on item " + i, "en")));
            g.add(Triple.create(s, RDFS.comment.asNode(), NodeFactory.createLiteralLang("항목 " + i + "에 대한 설명", "ko")));
        }
        Dataset ds = DatasetFactory.wrap(DatasetGraphFactory.wrap(g));
        boolean ours = args.length > 2 && args[2].equals("ours");
        if (ours) {
            try {
                org.apache.jena.sparql.engine.main.QC.setFactory(ds.getContext(), (org.apache.jena.sparql.engine.main.OpExecutorFactory)
                        Class.forName("org.aihegemony.kg.store.GroupingExecutor").getField("FACTORY").get(null));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("'ours' needs target/aihegemony-kg.jar on the class path", e);
            }
        }
        String p = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
        String where = " WHERE { ?s rdfs:label ?l . ?s ?p ?o } ";
        String[][] queries = {
            { "join", p + "SELECT ?s ?l ?o" + where },
            { "count*", p + "SELECT ?s ?l (COUNT(*) AS ?n)" + where + "GROUP BY ?s ?l" },
            { "count?o", p + "SELECT ?s ?l (COUNT(?o) AS ?n)" + where + "GROUP BY ?s ?l" },
        };
        System.out.printf("%s GROUP BY; %,d triples; %,d rows in the join, %,d groups%n", ours ? "GroupingExecutor's" : "Jena's",
                g.size(), 2 * n * 10, 2 * n);
        java.util.Map<String, java.util.List<Double>> ms = new java.util.LinkedHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (String[] q : queries) {
                long t0 = System.nanoTime();
                try (QueryExecution qe = QueryExecution.dataset(ds).query(q[1]).build()) {
                    ResultSetFormatter.consume(qe.execSelect());
                }
                ms.computeIfAbsent(q[0], k -> new java.util.ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
            }
        }
        for (var e : ms.entrySet()) {
            var v = e.getValue();
            v.sort(Double::compare);
            System.out.printf("%-8s %8.2f ms per query (median of %d)%n", e.getKey(), v.get(v.size() / 2), v.size());
        }
    }
}
