package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.aihegemony.kg.Fixtures;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.Test;

/**
 * Qualified value shapes decided without a report per value ({@link QualifiedConformance}) report what
 * Jena's own constraint reports — the same entries (focus, path, shape, message, severity, value,
 * component) — on the repository's shapes and on shapes with disjoint siblings, a maximum and a
 * qualified shape inside {@code sh:or}, over random data; and every such constraint is replaced.
 */
class TestQualifiedConformance {
    static final String AIH = "https://w3id.org/aihegemony/ontology#", EX = "http://example.org/";

    static final String SHAPES = """
            @prefix sh:  <http://www.w3.org/ns/shacl#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            @prefix ex:  <http://example.org/> .
            ex:S a sh:NodeShape ; sh:targetClass ex:T ;
                sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:datatype xsd:integer ] ;
                              sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 2 ; sh:qualifiedValueShapesDisjoint true ] ,
                            [ sh:path ex:p ; sh:qualifiedValueShape [ sh:minInclusive 5 ] ;
                              sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] ,
                            [ sh:path ex:p ; sh:qualifiedValueShape [ sh:in ( 3 4 ) ] ; sh:qualifiedMaxCount 1 ] ;
                sh:or ( [ sh:path ex:q ; sh:qualifiedValueShape [ sh:languageIn ( "ko" ) ] ; sh:qualifiedMinCount 1 ]
                        [ sh:path ex:r ; sh:minCount 1 ] ) .
            """;

    @Test
    void theRepositoryShapesReportWhatJenaReports() {
        Graph shapes = RDFParser.source(Fixtures.repository().resolve("ontology/shapes/aihegemony-shapes.ttl")).toGraph();
        Node[] classes = { iri(AIH + "Company"), iri(AIH + "Evidence"), iri(AIH + "WatchPoint"), iri(AIH + "ColourCodeRule") };
        Node[] predicates = { RDFS.label.asNode(), iri(AIH + "summary"), iri(AIH + "colour") };
        Node[] values = { lang("이름", "ko"), lang("이름", "ko-KR"), lang("name", "en"), lang("name", "en-GB"),
                NodeFactory.createLiteralString("plain"), iri(EX + "thing") };
        for (int seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            Graph data = GraphFactory.createDefaultGraph();
            for (int i = 0; i < 60; i++) {
                Node focus = iri(EX + "r" + i);
                data.add(Triple.create(focus, RDF.type.asNode(), classes[random.nextInt(classes.length)]));
                for (int k = random.nextInt(4); k > 0; k--)
                    data.add(Triple.create(focus, predicates[random.nextInt(predicates.length)], values[random.nextInt(values.length)]));
            }
            assertSameReports(shapes, data, 4, "seed " + seed);
        }
    }

    @Test
    void disjointSiblingsMaximaAndNestedShapesReportWhatJenaReports() {
        Graph shapes = RDFParser.fromString(SHAPES, Lang.TURTLE).toGraph();
        Node[] values = { integer(1), integer(3), integer(4), integer(7), integer(12), NodeFactory.createLiteralString("x"),
                NodeFactory.createLiteralDT("6.5", org.apache.jena.datatypes.xsd.XSDDatatype.XSDdecimal) };
        for (int seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            Graph data = GraphFactory.createDefaultGraph();
            for (int i = 0; i < 60; i++) {
                Node focus = iri(EX + "f" + i);
                data.add(Triple.create(focus, RDF.type.asNode(), iri(EX + "T")));
                for (int k = random.nextInt(5); k > 0; k--)
                    data.add(Triple.create(focus, iri(EX + "p"), values[random.nextInt(values.length)]));
                if (random.nextBoolean())
                    data.add(Triple.create(focus, iri(EX + "q"), random.nextBoolean() ? lang("값", "ko") : lang("value", "en")));
                if (random.nextInt(4) == 0)
                    data.add(Triple.create(focus, iri(EX + "r"), integer(1)));
            }
            assertSameReports(shapes, data, 4, "seed " + seed);
        }
    }

    static void assertSameReports(Graph shapesGraph, Graph data, int qualified, String what) {
        List<String> expected = entries(ShaclValidator.get().validate(Shapes.parse(shapesGraph), data).getEntries());
        Shapes lightened = Shapes.parse(shapesGraph);
        assertEquals(qualified, QualifiedConformance.lighten(lightened), what + ": qualified value shapes replaced");
        assertEquals(0, QualifiedConformance.lighten(lightened), what + ": none of Jena's left to replace");
        List<String> actual = entries(ShaclValidator.get().validate(lightened, data).getEntries());
        assertTrue(expected.size() > 5, what + ": the data breaks the shapes, so reports are compared: " + expected.size());
        assertEquals(expected, actual, what + ": the same report entries");
    }

    static List<String> entries(java.util.Collection<ReportEntry> entries) {
        List<String> out = new ArrayList<>();
        for (ReportEntry e : entries)
            out.add(e.focusNode() + " | " + e.resultPath() + " | " + e.source() + " | " + e.message() + " | " + e.severity()
                    + " | " + e.value() + " | " + (e.constraint() == null ? null : e.constraint().getComponent()));
        Collections.sort(out);
        return out;
    }

    static Node iri(String uri) {
        return NodeFactory.createURI(uri);
    }

    static Node lang(String text, String tag) {
        return NodeFactory.createLiteralLang(text, tag);
    }

    static Node integer(int n) {
        return NodeFactory.createLiteralDT(Integer.toString(n), org.apache.jena.datatypes.xsd.XSDDatatype.XSDinteger);
    }
}
