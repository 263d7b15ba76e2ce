import java.io.StringReader;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.sparql.graph.GraphFactory;

/**
 * Minimal reproducer for Apache Jena (SHACL 5.6.0): what a nested shape costs per value node. Self-contained;
 * it makes its own data: N resources of one class, each with an English and a Korean label.
 *
 *   java -cp target/aihegemony-kg.jar src/test/bench/jena-report/ShaclNestedShapeCost.java [N] [SECONDS]
 *
 * Times, in one JVM, rounds of two validations of the same data, each conforming:
 *   flat       sh:path rdfs:label ; sh:minCount 2
 *   qualified  sh:path rdfs:label ; sh:qualifiedValueShape [ sh:languageIn ("ko") ] ; sh:qualifiedMinCount 1
 * and prints milliseconds per validation (median of the rounds). Every value node of the qualified shape
 * is tested against the nested shape with a ValidationContext of its own, whose full report (an RDF
 * model, a fresh UUID blank node, prefixes) is generated only to ask report.conforms(). What it showed
 * on 5.6.0 is in README.md beside this file.
 */
public class ShaclNestedShapeCost {
    static final String PREFIXES = """
            PREFIX sh: <http://www.w3.org/ns/shacl#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX ex: <https://example.org/>
            """;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Graph data = GraphFactory.createDefaultGraph();
        Node type = NodeFactory.createURI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        Node label = NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label");
        Node thing = NodeFactory.createURI("https://example.org/Thing");
        for (int i = 0; i < n; i++) {
            Node s = NodeFactory.createURI("https://example.org/id/item-" + i);
            data.add(Triple.create(s, type, thing));
            data.add(Triple.create(s, label, NodeFactory.createLiteralLang("Item " + i, "en")));
            data.add(Triple.create(s, label, NodeFactory.createLiteralLang("항목 " + i, "ko")));
        }
        String[][] cases = {
            { "flat", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path rdfs:label ; sh:minCount 2 ] ." },
            { "qualified", "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path rdfs:label ; "
                    + "sh:qualifiedValueShape [ sh:languageIn ( \"ko\" ) ] ; sh:qualifiedMinCount 1 ] ." },
        };
        System.out.printf("Jena SHACL; %,d focus nodes, %,d value nodes%n", n, 2 * n);
        java.util.Map<String, java.util.List<Double>> ms = new java.util.LinkedHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (String[] c : cases) {
                Graph shapesGraph = GraphFactory.createDefaultGraph();
                RDFParser.create().source(new StringReader(PREFIXES + c[1])).lang(Lang.TURTLE).parse(shapesGraph);
                Shapes shapes = Shapes.parse(shapesGraph);
                long t0 = System.nanoTime();
                boolean conforms = ShaclValidator.get().validate(shapes, data).conforms();
                ms.computeIfAbsent(c[0] + (conforms ? "" : " (does not conform!)"), k -> new java.util.ArrayList<>())
                        .add((System.nanoTime() - t0) / 1e6);
            }
        }
        for (var e : ms.entrySet()) {
            var v = e.getValue();
            v.sort(Double::compare);
            System.out.printf("%-10s %8.1f ms per validation (median of %d)%n", e.getKey(), v.get(v.size() / 2), v.size());
        }
    }
}
