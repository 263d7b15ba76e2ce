package org.aihegemony.kg.linkeddata;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.shared.PrefixMapping;

/** IRIs of the vocabularies the linked-data routes write: PROV, VoID, Service Description, DCAT, SPDX. */
public final class Terms {
    private Terms() {}

    static final String PROV = "http://www.w3.org/ns/prov#";
    static final String VOID = "http://rdfs.org/ns/void#";
    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    static final String DCAT = "http://www.w3.org/ns/dcat#";
    static final String SPDX = "http://spdx.org/rdf/terms#";
    static final String FORMATS = "http://www.w3.org/ns/formats/";
    static final String SKOS = "http://www.w3.org/2004/02/skos/core#";
    static final String DCTERMS = "http://purl.org/dc/terms/";

    static final Node wasDerivedFrom = uri(PROV + "wasDerivedFrom");
    static final Node wasQuotedFrom = uri(PROV + "wasQuotedFrom");
    static final Node altLabel = uri(SKOS + "altLabel");
    static final Node prefLabel = uri(SKOS + "prefLabel");
    static final Node editorialNote = uri(SKOS + "editorialNote");
    static final Node definition = uri(SKOS + "definition");
    static final Node title = uri(DCTERMS + "title");
    static final Node description = uri(DCTERMS + "description");
    static final Node license = uri(DCTERMS + "license");
    static final Node source = uri(DCTERMS + "source");

    static Node uri(String iri) {
        return NodeFactory.createURI(iri);
    }

    /** Prefixes for the documents we write. */
    public static PrefixMapping prefixes(Base base) {
        PrefixMapping pm = PrefixMapping.Factory.create();
        pm.setNsPrefix("aih", base.ns());
        pm.setNsPrefix("aihr", base.id());
        pm.setNsPrefix("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
        pm.setNsPrefix("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
        pm.setNsPrefix("owl", "http://www.w3.org/2002/07/owl#");
        pm.setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
        pm.setNsPrefix("skos", SKOS);
        pm.setNsPrefix("prov", PROV);
        pm.setNsPrefix("dcterms", DCTERMS);
        pm.setNsPrefix("schema", "https://schema.org/");
        return pm;
    }
}
