import org.apache.jena.datatypes.xsd.XSDDatatype;
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

/**
 * Minimal reproducer for Apache Jena (ARQ 5.6.0, in-memory graph): what ORDER BY … LIMIT costs when the
 * sort key is an xsd:integer. Self-contained; it makes its own data: N subjects, each with one
 * xsd:integer value out of 50 (so most rows tie on the key, as counts do).
 *
 *   java -cp target/aihegemony-kg.jar src/test/bench/jena-report/TopNKeyCost.java [N] [SECONDS] [ours]
 *
 * Times, in one JVM, rounds of three queries over the same N rows:
 *   rows     SELECT ?s ?n WHERE { ?s ex:count ?n }                       (the rows, no order)
 *   top20    ... ORDER BY DESC(?n) LIMIT 20                              (QueryIterTopN)
 *   top20s   ... ORDER BY DESC(STR(?n)) LIMIT 20                         (the same, a string key)
 * and prints milliseconds per query (median of the rounds). With "ours" (and our jar on the class path)
 * the top rows come from org.aihegemony.kg.store.KeyedTopN (through GroupingExecutor), which evaluates
 * each row's keys once. What it showed on 5.6.0 is in README.md beside this file.
 */
public class TopNKeyCost {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Graph g = GraphFactory.createDefaultGraph();
        Node count = NodeFactory.createURI("https://example.org/count");
        for (int i = 0; i < n; i++)
            g.add(Triple.create(NodeFactory.createURI("https://example.org/id/item-" + i), count,
                    NodeFactory.createLiteralDT(Integer.toString((i * 7919) % 50), XSDDatatype.XSDinteger)));
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
        String q = "SELECT ?s ?n WHERE { ?s <https://example.org/count> ?n } ";
        String[][] queries = {
            { "rows", q },
            { "top20", q + "ORDER BY DESC(?n) LIMIT 20" },
            { "top20s", q + "ORDER BY DESC(STR(?n)) LIMIT 20" },
        };
        System.out.printf("%s top rows; %,d rows, 50 distinct keys%n", ours ? "KeyedTopN's" : "Jena's", n);
        java.util.Map<String, java.util.List<Double>> ms = new java.util.LinkedHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (String[] query : queries) {
                long t0 = System.nanoTime();
                try (QueryExecution qe = QueryExecution.dataset(ds).query(query[1]).build()) {
                    ResultSetFormatter.consume(qe.execSelect());
                }
                ms.computeIfAbsent(query[0], k -> new java.util.ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
            }
        }
        for (var e : ms.entrySet()) {
            var v = e.getValue();
            v.sort(Double::compare);
            System.out.printf("%-8s %8.2f ms per query (median of %d)%n", e.getKey(), v.get(v.size() / 2), v.size());
        }
    }
}
