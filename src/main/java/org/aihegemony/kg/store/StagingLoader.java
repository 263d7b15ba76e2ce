package org.aihegemony.kg.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RDFParserBuilder;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LangJSONLD11;
import org.apache.jena.riot.system.AsyncParser;
import org.apache.jena.riot.system.EltStreamRDF;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;

/**
 * Streams the RDF sources into a (new, empty) TDB2 store: the ontology into its graph, the shapes into
 * theirs, the data's default graph into the data graph, a TriG file's named graphs under their names.
 * Nodes go into the store's node table as they are parsed (one write transaction), the quads as node ids
 * into a work file, and the quad indexes are then written sorted, bottom up ({@link PackedIndexes}, as
 * Jena's {@code tdb2.xloader} does). Nothing is held in memory but the parser's buffers and one sort run.
 * Afterwards the caller must expel the dataset and connect again (see {@link PackedIndexes}).
 * <p>
 * Every file is parsed, strictly, so that one run reports every broken file (the first error of each,
 * with line and column); once one has failed, later files are only parsed, not loaded. Invalid UTF-8 is
 * an error with its line, and JSON-LD contexts come only from local copies ({@link LocalContexts}).
 */
final class StagingLoader {
    private StagingLoader() {}

    /**
     * What {@link #load} spooled: the sources' quads (kept in the spool for {@link PackedIndexes#rebuild}),
     * and how many entailments the indexes hold, or -1 when they could not be derived while parsing and
     * must be derived over the store ({@link StoreInference}), for the reason given.
     */
    record Loaded(long quads, long inferred, String storeInferenceBecause) {
        boolean needsStoreInference() { return inferred < 0; }
    }

    /**
     * The entailments a parse spooled: how many, and the graphs the index build tells apart; or none (no
     * graphs), and why they must be derived over the store.
     */
    private record Entailed(long quads, PackedIndexes.Graphs graphs, String storeInferenceBecause) {
        static Entailed none(String because) { return new Entailed(0, null, because); }
    }

    /**
     * Loads the sources, their quads spooled to {@code spoolFile}, their entailments derived on the way
     * when the schema allows it ({@link ParseTimeInference}), then writes the indexes. Throws
     * {@link SourceLoader.SourceException} listing every file that failed (nothing is then committed).
     */
    static Loaded load(SourceSet sources, DatasetGraph dsg, Path spoolFile, BuildProgress progress) {
        progress.phase("parse", "quads");
        List<SourceError> errors = new ArrayList<>();
        LocalContexts contexts;
        try {
            contexts = LocalContexts.from(sources);
        } catch (LocalContexts.LoadFailure e) {
            throw new SourceLoader.SourceException(e.errors());
        }
        if (sources.files(SourceFile.Kind.DATA).isEmpty() && sources.files(SourceFile.Kind.ONTOLOGY).isEmpty())
            throw new KgException(ErrorCode.SOURCES, "No RDF files under ontology/ or rdf/ in " + sources.origin());
        Optional<ParseTimeInference> inference = ParseTimeInference.prepare(sources, contexts);
        Path inferredFile = spoolFile.resolveSibling(spoolFile.getFileName() + ".inferred");
        Entailed[] entailed = {Entailed.none(inference.isPresent() ? "" : "the ontology files' schema holds blank nodes")};
        long spooled;
        try {
            spooled = PackedIndexes.spool(dsg, spoolFile, false, spool -> {
                StreamRDF dest = spool.stream(AIH.node(AIH.GRAPH_DATA));
                PackedIndexes.Spool inferred = inference.isPresent() ? new PackedIndexes.Spool(dsg, inferredFile, false) : null;
                try {
                    ParseTimeInference.Run run = inferred == null ? null : inference.get().start(inferred);
                    if (run != null)
                        dest = run.tee(dest);
                    for (SourceFile f : sources.files()) {
                        StreamRDF to = errors.isEmpty() ? dest : StreamRDFLib.sinkNull();
                        switch (f.kind()) {
                            case ONTOLOGY -> parse(f, AIH.node(AIH.GRAPH_ONTOLOGY), true, to, contexts, errors, progress);
                            case SHAPES -> parse(f, AIH.node(AIH.GRAPH_SHAPES), true, to, contexts, errors, progress);
                            case DATA -> parse(f, AIH.node(AIH.GRAPH_DATA), false, to, contexts, errors, progress);
                            default -> { }
                        }
                    }
                    if (!errors.isEmpty())
                        throw new SourceLoader.SourceException(errors);   // nothing is committed
                    if (run != null) {
                        run.finish();
                        entailed[0] = !run.valid() ? Entailed.none(run.invalidBecause())
                                : new Entailed(inferred.quads(), new PackedIndexes.Graphs(spool.existingId(AIH.node(AIH.GRAPH_INFERRED)),
                                        spool.existingId(AIH.node(AIH.GRAPH_SHAPES))), "");
                    }
                } finally {
                    if (inferred != null)
                        inferred.close();
                }
            });
        } catch (RuntimeException | Error e) {
            PackedIndexes.deleteQuietly(inferredFile);
            throw e;
        }
        progress.step(String.format("Parsed %,d quads", progress.count()));
        progress.phase("index", "indexes");
        try {
            Entailed e = entailed[0];
            if (e.graphs() != null && e.quads() > 0) {
                long inferred = PackedIndexes.build(dsg, spoolFile, spooled, inferredFile, e.quads(), e.graphs(), progress);
                return new Loaded(spooled, inferred, "");
            }
            if (spooled > 0)
                PackedIndexes.build(dsg, spoolFile, spooled, progress);
            return e.graphs() != null ? new Loaded(spooled, 0, "") : new Loaded(spooled, -1, e.storeInferenceBecause());
        } finally {
            PackedIndexes.deleteQuietly(inferredFile);
        }
    }

    /** A quad of a file's named graph that uses a reserved name; stops that file. */
    private static final class ReservedGraph extends RuntimeException {
        ReservedGraph(String message) { super(message, null, false, false); }
    }

    /** Parsed triples or quads handed over at once, and how many such chunks may wait (bounded memory). */
    static final int PARSE_CHUNK = 1_000, PARSE_QUEUE = 16;

    static void parse(SourceFile f, Node target, boolean flatten, StreamRDF dest, LocalContexts contexts,
                              List<SourceError> errors, BuildProgress progress) {
        Lang lang = RDFLanguages.filenameToLang(f.path());
        SourceLoader.RecordingErrorHandler handler = new SourceLoader.RecordingErrorHandler(f.path());
        StreamRDF router = new Router(dest, target, flatten, progress);
        Utf8CheckingInputStream in = null;
        try (InputStream raw = f.open()) {
            in = new Utf8CheckingInputStream(new BufferedInputStream(raw, 1 << 16));
            RDFParserBuilder parser = RDFParser.create()
                    .source(in)
                    .lang(lang)
                    .base(AIH.BASE)
                    .errorHandler(handler)
                    .strict(true)
                    .checking(true)
                    .set(LangJSONLD11.JSONLD_OPTIONS, contexts.options());
            // The parser runs on a thread of its own (Jena's AsyncParser) and hands over small chunks through
            // a short queue, while this thread — the store's write transaction — allocates node ids, infers
            // and spools: the two halves of the parse phase on two cores, in bounded memory.
            try (Stream<EltStreamRDF> elements = AsyncParser.of(parser).setChunkSize(PARSE_CHUNK)
                    .setQueueSize(PARSE_QUEUE).setDaemonMode(true).streamElements()) {
                elements.forEach(e -> {
                    switch (e.getType()) {
                        case TRIPLE -> router.triple(e.triple());
                        case QUAD -> router.quad(e.quad());
                        case EXCEPTION -> {
                            if (e.exception() instanceof RuntimeException r)
                                throw r;
                            if (e.exception() instanceof Error err)
                                throw err;
                            throw new RiotException(e.exception());
                        }
                        default -> { }
                    }
                });
            }
        } catch (ReservedGraph e) {
            errors.add(new SourceError(f.path(), -1, -1, e.getMessage()));
            return;
        } catch (RiotException | IOException | java.io.UncheckedIOException e) {
            Utf8CheckingInputStream.InvalidUtf8Exception bad = in == null ? null : in.failure();
            if (bad != null) {
                errors.add(new SourceError(f.path(), bad.line, bad.column, bad.getMessage()));
                return;
            }
            if (handler.firstError == null)
                errors.add(new SourceError(f.path(), -1, -1, String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            // Other parser failures (e.g. JSON-LD processing errors) still name the file.
            Utf8CheckingInputStream.InvalidUtf8Exception bad = in == null ? null : in.failure();
            if (bad != null)
                errors.add(new SourceError(f.path(), bad.line, bad.column, bad.getMessage()));
            else if (handler.firstError == null)
                errors.add(new SourceError(f.path(), -1, -1, e.toString()));
            if (bad != null)
                return;
        }
        if (handler.firstError != null) {
            Utf8CheckingInputStream.InvalidUtf8Exception bad = in == null ? null : in.failure();
            errors.add(bad != null ? new SourceError(f.path(), bad.line, bad.column, bad.getMessage()) : handler.firstError);
        }
    }

    /** Puts each triple or quad of one file into its graph of the store. */
    private static final class Router implements StreamRDF {
        private final StreamRDF out;
        private final Node target;
        private final boolean flatten;
        private final BuildProgress progress;

        Router(StreamRDF out, Node target, boolean flatten, BuildProgress progress) {
            this.out = out;
            this.target = target;
            this.flatten = flatten;
            this.progress = progress;
        }

        @Override public void start() { }
        @Override public void finish() { }
        @Override public void base(String base) { }
        @Override public void prefix(String prefix, String iri) { }
        @Override public void version(String version) { }

        @Override
        public void triple(Triple t) {
            progress.add(1);
            out.quad(Quad.create(target, t));
        }

        @Override
        public void quad(Quad q) {
            Node g = q.getGraph();
            if (Quad.isDefaultGraph(g) || flatten) {
                triple(q.asTriple());
            } else if (g.isURI() && g.getURI().startsWith(AIH.GRAPH)) {
                throw new ReservedGraph("named graph <" + g.getURI() + "> is reserved for the store; use another graph name");
            } else {
                progress.add(1);
                out.quad(q);
            }
        }
    }
}
