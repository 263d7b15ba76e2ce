package org.aihegemony.kg.content;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.store.SourceLoader;
import org.aihegemony.kg.store.SourceSet;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Test;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.ReasonerFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.io.StringDocumentSource;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * The repository's ontology and data, together, are consistent for an OWL 2 DL reasoner (HermiT), and
 * keep to OWL 2 DL apart from the XSD date types OWL 2 lacks (xsd:date, xsd:gYear, xsd:gYearMonth).
 */
class TestOntologyConsistency {

    /** Ontology, data and evidence graphs (not the shapes) as one graph, the way a reasoner sees them. */
    static Graph ontologyAndData() {
        return SourceLoader.withoutShapes(SourceLoader.load(SourceSet.fromDirectory(Fixtures.repository())));
    }

    static OWLOntology load(OWLOntologyManager m, Graph g) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // RDF/XML, which OWL API parses natively; its N-Triples path (rdf4j) needs JAXB, absent on Java 17.
        RDFDataMgr.write(out, g, Lang.RDFXML);
        OWLOntologyLoaderConfiguration conf = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        return m.loadOntologyFromOntologyDocument(new StringDocumentSource(out.toString(StandardCharsets.UTF_8),
                "urn:aihegemony:test", new RDFXMLDocumentFormat(), null), conf);
    }

    @Test
    void consistentUnderHermiT() throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntology o = load(m, ontologyAndData());
        assertTrue(o.getAxiomCount() > 100, "the ontology and data were read: " + o.getAxiomCount() + " axioms");
        Configuration c = new Configuration();
        c.ignoreUnsupportedDatatypes = true;
        OWLReasoner r = new ReasonerFactory().createReasoner(o, c);
        try {
            assertTrue(r.isConsistent(), "ontology + data are consistent under HermiT");
            assertTrue(r.getUnsatisfiableClasses().getEntitiesMinusBottom().isEmpty(),
                    "no unsatisfiable classes: " + r.getUnsatisfiableClasses().getEntitiesMinusBottom());
        } finally {
            r.dispose();
        }
    }

    @Test
    void staysInOwl2Dl() throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntology o = load(m, ontologyAndData());
        OWLProfileReport report = new OWL2DLProfile().checkOntology(o);
        List<OWLProfileViolation> real = report.getViolations().stream()
                .filter(v -> !isDateDatatype(v.toString()))
                .toList();
        StringBuilder sb = new StringBuilder();
        real.stream().limit(25).forEach(v -> sb.append("\n  ").append(v));
        assertTrue(real.isEmpty(), real.size() + " OWL 2 DL profile violations (first 25):" + sb);
    }

    private static boolean isDateDatatype(String violation) {
        return violation.contains("XMLSchema#date>") || violation.contains("XMLSchema#gYear>")
                || violation.contains("XMLSchema#gYearMonth>") || violation.contains("XMLSchema#date ")
                || violation.contains("xsd:date") || violation.contains("xsd:gYear");
    }
}
