import java.nio.file.Files;
import java.nio.file.Path;

import org.aihegemony.kg.store.MappedNodeReads;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * Reproducer for a TDB2 5.6.0 cost: a node that misses the node table's cache is read from
 * nodes-data.obj by Thrift through an unbuffered RandomAccessFile (a seek and a read for each field the
 * decoder asks for), under the node table's lock. Once a store has more nodes than the cache (1,000,000
 * by default), a query that looks at every node spends most of its time in system calls.
 *
 * Usage (from the repository, after mvn package):
 *   java -cp target/aihegemony-kg.jar src/test/bench/jena-report/NodeReadCost.java N [DIR]
 * It writes a store of N triples, each with a distinct literal, then times the same query in three
 * fresh JVM-local openings of the store: Jena as it is, Jena again (page cache warm), and Jena with
 * the node file's bytes read from a memory mapping (our MappedNodeReads; Jena's decoder, cache and lock
 * unchanged). Run it under `strace -c -f` to count the system calls.
 */
public class NodeReadCost {
    static final String QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?o), \"zz\")) }";

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("node-read-cost-");
        if (!Files.exists(dir.resolve("Data-0001"))) {
            DatasetGraph w = DatabaseMgr.connectDatasetGraph(dir.toString());
            Node p = NodeFactory.createURI("http://example.org/p");
            Node g = NodeFactory.createURI("http://example.org/g");
            for (int start = 0; start < n; start += 100_000) {
                int from = start;
                Txn.executeWrite(w, () -> {
                    for (int i = from; i < Math.min(n, from + 100_000); i++)
                        w.add(Quad.create(g, NodeFactory.createURI("http://example.org/s" + (i / 10)), p,
                                NodeFactory.createLiteralLang("literal number " + i + " of a store larger than the node cache", "en")));
                });
            }
            TDBInternal.expel(w);
        }
        for (String mode : new String[] { "jena", "jena", "mapped" }) {
            DatasetGraph dsg = DatabaseMgr.connectDatasetGraph(dir.toString());
            dsg.getContext().set(org.apache.jena.tdb2.TDB2.symUnionDefaultGraph, true);
            if (mode.equals("mapped"))
                MappedNodeReads.install(dsg);
            long t0 = System.nanoTime();
            long rows = Txn.calculateRead(dsg, () -> {
                try (QueryExecution qe = QueryExecution.create(QUERY, org.apache.jena.query.DatasetFactory.wrap(dsg))) {
                    ResultSet rs = qe.execSelect();
                    return rs.next().getLiteral("n").getLong();
                }
            });
            System.out.printf("%-7s %,d triples: %.1f s (count %d)%n", mode, n, (System.nanoTime() - t0) / 1e9, rows);
            TDBInternal.expel(dsg);
        }
    }
}
