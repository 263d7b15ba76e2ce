package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.List;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;

/**
 * The entailments of {@link StoreInference}, derived while the sources are parsed instead of by reading the
 * finished store back: the schema is read first, from the ontology files alone (they are small, and parsed
 * twice), and every quad then goes through the per-triple rules on its way to the spool, its entailments to
 * a spool of their own as quads of the inferred graph. Entailments also asserted in some graph other than
 * the shapes' are dropped when the indexes are sorted ({@link PackedIndexes#build}), where all quads of one
 * triple meet; so the inferred graph is exactly what the store-based derivation writes, with one index
 * build instead of two and no pass over the store.
 * <p>
 * It holds only when the schema is known before the data: when a schema triple (see
 * {@link StoreInference#isSchema}) is asserted outside the ontology files, when the ontology's schema
 * triples hold blank nodes (the second parse labels them anew), or when a derived triple would change the
 * schema, the run is {@linkplain Run#valid() not valid} and the build derives over the store instead.
 */
final class ParseTimeInference {
    private final StoreInference.Schema schema;

    private ParseTimeInference(StoreInference.Schema schema) {
        this.schema = schema;
    }

    /**
     * Reads the schema from the ontology files (the shapes aside); empty when it cannot serve: one of them
     * does not parse (the main parse reports it), or a schema triple holds a blank node.
     */
    static java.util.Optional<ParseTimeInference> prepare(SourceSet sources, LocalContexts contexts) {
        Graph asserted = GraphFactory.createDefaultGraph();
        List<SourceError> errors = new ArrayList<>();
        boolean[] blank = {false};
        StreamRDF collect = new StreamRDFBase() {
            @Override
            public void quad(Quad q) {
                Triple t = q.asTriple();
                if (!StoreInference.isSchema(t))
                    return;
                if (t.getSubject().isBlank() || t.getObject().isBlank())
                    blank[0] = true;
                asserted.add(t);
            }
        };
        try (BuildProgress quiet = new BuildProgress(BuildListener.NONE)) {
            for (SourceFile f : sources.files(SourceFile.Kind.ONTOLOGY))
                StagingLoader.parse(f, AIH.node(AIH.GRAPH_ONTOLOGY), true, collect, contexts, errors, quiet);
        }
        if (!errors.isEmpty() || blank[0])
            return java.util.Optional.empty();
        return java.util.Optional.of(new ParseTimeInference(StoreInference.Schema.closed(asserted)));
    }

    /** Starts a derivation whose entailments go to {@code inferred} (in the spool's write transaction). */
    Run start(PackedIndexes.Spool inferred) {
        return new Run(inferred);
    }

    /** One derivation alongside one parse. */
    final class Run {
        private final Node shapes = AIH.node(AIH.GRAPH_SHAPES);
        private final Node graph = AIH.node(AIH.GRAPH_INFERRED);
        private final StoreInference.Deriver deriver;
        private boolean valid = true;
        private String invalidBecause = "";

        private Run(PackedIndexes.Spool inferred) {
            deriver = new StoreInference.Deriver(schema, d -> {
                inferred.add(graph, d.getSubject(), d.getPredicate(), d.getObject());
                return true;
            });
            deriver.begin(new java.util.HashMap<>());
        }

        /** {@code to}, with every quad outside the shapes graph also derived from while it passes. */
        StreamRDF tee(StreamRDF to) {
            return new StreamRDFWrapper(to) {
                @Override
                public void quad(Quad q) {
                    super.quad(q);
                    if (!valid || shapes.equals(q.getGraph()))
                        return;
                    Triple t = q.asTriple();
                    if (StoreInference.isSchema(t) && !schema.closed.contains(t)) {
                        invalid("a schema triple outside the ontology files: " + t);
                        return;
                    }
                    deriver.asserted(t);
                }

                @Override
                public void triple(Triple t) {
                    throw new IllegalStateException("the loader routes triples into graphs first");
                }
            };
        }

        /** Every source is parsed: closes the transitive properties' edges. */
        void finish() {
            if (!valid)
                return;
            deriver.finish();
            if (!deriver.newSchema.isEmpty())
                invalid("a derived triple changes the schema: " + deriver.newSchema.iterator().next());
        }

        private void invalid(String why) {
            valid = false;
            invalidBecause = why;
        }

        /** Whether the spooled entailments are the store's (else they must be derived over the store). */
        boolean valid() { return valid; }

        /** Why not {@link #valid()}. */
        String invalidBecause() { return invalidBecause; }
    }
}
