package org.aihegemony.kg.store;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;

/**
 * Parses the RDF sources into a dataset: the ontology into its graph, the shapes into theirs, and the
 * data's default graph into the data graph, keeping a TriG file's named graphs. Every file is parsed
 * (strictly) before failing, so one run reports every broken file.
 */
public final class SourceLoader {
    private SourceLoader() {}

    /** Parses every RDF file of the set into a fresh in-memory dataset, or throws with every error found. */
    public static DatasetGraph load(SourceSet sources) {
        DatasetGraph dsg = DatasetGraphFactory.createTxnMem();
        List<SourceError> errors = new ArrayList<>();
        for (SourceFile f : sources.files()) {
            switch (f.kind()) {
                case ONTOLOGY -> parseInto(f, dsg, AIH.node(AIH.GRAPH_ONTOLOGY), true, errors);
                case SHAPES -> parseInto(f, dsg, AIH.node(AIH.GRAPH_SHAPES), true, errors);
                case DATA -> parseInto(f, dsg, AIH.node(AIH.GRAPH_DATA), false, errors);
                default -> { }
            }
        }
        if (!errors.isEmpty())
            throw new SourceException(errors);
        if (sources.files(SourceFile.Kind.DATA).isEmpty() && sources.files(SourceFile.Kind.ONTOLOGY).isEmpty())
            throw new KgException(ErrorCode.SOURCES, "No RDF files under ontology/ or rdf/ in " + sources.origin());
        return dsg;
    }

    /**
     * Parses one file. Triples of the file's default graph go to {@code target}; named graphs keep their
     * names unless {@code flatten}, when they also go to {@code target}.
     */
    static void parseInto(SourceFile f, DatasetGraph dsg, Node target, boolean flatten, List<SourceError> errors) {
        Lang lang = RDFLanguages.filenameToLang(f.path());
        DatasetGraph parsed = DatasetGraphFactory.createGeneral();
        RecordingErrorHandler handler = new RecordingErrorHandler(f.path());
        try {
            RDFParser.create()
                    .source(new ByteArrayInputStream(f.bytes()))
                    .lang(lang)
                    .base(AIH.BASE)
                    .errorHandler(handler)
                    .strict(true)
                    .checking(true)
                    .parse(StreamRDFLib.dataset(parsed));
        } catch (RiotException e) {
            if (handler.firstError == null)
                errors.add(new SourceError(f.path(), -1, -1, e.getMessage()));
        }
        if (handler.firstError != null) {
            errors.add(handler.firstError);
            return;
        }
        List<SourceError> local = new ArrayList<>();
        parsed.find().forEachRemaining(q -> {
            Node g = q.getGraph();
            if (Quad.isDefaultGraph(g) || flatten) {
                dsg.add(target, q.getSubject(), q.getPredicate(), q.getObject());
            } else if (g.isURI() && g.getURI().startsWith(AIH.GRAPH)) {
                if (local.isEmpty())
                    local.add(new SourceError(f.path(), -1, -1,
                            "named graph <" + g.getURI() + "> is reserved for the store; use another graph name"));
            } else {
                dsg.add(g, q.getSubject(), q.getPredicate(), q.getObject());
            }
        });
        errors.addAll(local);
    }

    /** Every triple of the dataset except the SHACL shapes: what reasoning and validation look at. */
    public static Graph withoutShapes(DatasetGraph dsg) {
        Graph g = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
        Node shapes = AIH.node(AIH.GRAPH_SHAPES);
        dsg.find().forEachRemaining(q -> {
            if (!shapes.equals(q.getGraph()))
                g.add(q.asTriple());
        });
        return g;
    }

    /** Counts the triples of one graph of a dataset. */
    static long size(DatasetGraph dsg, String graph) {
        Graph g = dsg.getGraph(AIH.node(graph));
        return g.size();
    }

    /** Keeps the first error (with its position); warnings are ignored. */
    static final class RecordingErrorHandler implements ErrorHandler {
        private final String path;
        SourceError firstError;

        RecordingErrorHandler(String path) { this.path = path; }

        @Override
        public void warning(String message, long line, long col) { }

        @Override
        public void error(String message, long line, long col) {
            record(message, line, col);
            throw new RiotException(message);
        }

        @Override
        public void fatal(String message, long line, long col) {
            record(message, line, col);
            throw new RiotException(message);
        }

        private void record(String message, long line, long col) {
            if (firstError == null)
                firstError = new SourceError(path, line, col, message);
        }
    }

    /** Thrown when one or more source files do not parse. */
    public static final class SourceException extends KgException {
        private final List<SourceError> errors;

        SourceException(List<SourceError> errors) {
            super(ErrorCode.SOURCE_SYNTAX, summary(errors));
            this.errors = List.copyOf(errors);
        }

        public List<SourceError> errors() { return errors; }

        private static String summary(List<SourceError> errors) {
            StringBuilder sb = new StringBuilder();
            for (SourceError e : errors) {
                if (sb.length() > 0) sb.append('\n');
                sb.append(e);
            }
            return sb.toString();
        }
    }

}
