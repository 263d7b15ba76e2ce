package org.aihegemony.kg.vocab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.aihegemony.kg.Fixtures;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

/** Every term constant of {@link AIH} is declared (typed) in the repository's ontology/. */
class TestVocabulary {
    @Test
    void everyTermConstantIsDeclaredInTheOntology() throws Exception {
        Path dir = Fixtures.repository().resolve("ontology");
        assertTrue(Files.isDirectory(dir), "ontology/ exists at " + dir);
        Graph g = GraphFactory.createDefaultGraph();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".ttl"))::iterator)
                RDFDataMgr.read(g, f.toString());
        }
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Field f : AIH.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class)
                continue;
            String iri = (String) f.get(null);
            if (!iri.startsWith(AIH.NS) || iri.equals(AIH.NS))
                continue;
            checked++;
            Node term = NodeFactory.createURI(iri);
            if (!g.contains(term, RDF.type.asNode(), Node.ANY))
                missing.add(f.getName() + " = " + iri);
        }
        assertTrue(checked >= 7, "the test checked the term constants (" + checked + ")");
        assertFalse(!missing.isEmpty(), "declared in ontology/: " + missing);
    }
}
