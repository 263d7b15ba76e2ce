package org.aihegemony.kg.vocab;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * IRIs of the AI Hegemony KG: its namespaces, the named graphs the store is built from, and the
 * ontology terms the application itself relies on. Every term here is declared in {@code ontology/}
 * (checked by {@code TestVocabulary}).
 */
public final class AIH {
    private AIH() {}

    /** Base of every IRI we mint; linked-data routes are relative to it. */
    public static final String BASE = "https://w3id.org/aihegemony/";
    /** The ontology document. */
    public static final String ONTOLOGY = BASE + "ontology";
    /** Namespace of ontology terms. */
    public static final String NS = ONTOLOGY + "#";
    /** Namespace of resources (things the article speaks of, evidence passages, sections). */
    public static final String ID = BASE + "id/";
    /** Namespace of the store's named graphs. */
    public static final String GRAPH = BASE + "graph/";

    public static final String GRAPH_ONTOLOGY = GRAPH + "ontology";
    public static final String GRAPH_SHAPES = GRAPH + "shapes";
    public static final String GRAPH_DATA = GRAPH + "data";
    public static final String GRAPH_INFERRED = GRAPH + "inferred";
    /** The dataset's VoID description, made when the store is built (linked data). */
    public static final String GRAPH_VOID = GRAPH + "void";

    // Terms used by the application (provenance of facts).
    public static final String Evidence = NS + "Evidence";
    public static final String quote = NS + "quote";
    public static final String section = NS + "section";
    public static final String Section = NS + "Section";
    public static final String Article = NS + "Article";
    public static final String footnote = NS + "footnote";
    public static final String Footnote = NS + "Footnote";

    public static Node node(String iri) {
        return NodeFactory.createURI(iri);
    }
}
