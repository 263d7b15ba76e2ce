package org.aihegemony.kg.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.query.text.TextIndexLucene;
import org.apache.jena.query.text.TextQueryFuncs;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CachingTokenFilter;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes the full-text index ({@link TextIndexes}) of a finished TDB2 store into its folder
 * ({@code text/}), once, when the store is built: the store never changes while served, so the index
 * never needs updating. Each distinct (subject, predicate, literal) of the indexed properties is one
 * document, whichever graphs state it; the shapes and VoID graphs are left out.
 */
public final class TextIndexBuilder {
    /** Written last: an index folder without it is incomplete. */
    static final String DONE = "index-complete";

    private TextIndexBuilder() {}

    /** Indexes the store in {@code storeDir} (already written and closed); returns the number of documents. */
    public static long build(Path storeDir, BuildListener listener) {
        if (listener != null)
            listener.step("Writing the full-text index");
        Dataset tdb = TDB2Factory.connectDataset(storeDir.toString());
        try {
            return build(tdb.asDatasetGraph(), storeDir.resolve(TextIndexes.DIR));
        } finally {
            TDBInternal.expel(tdb.asDatasetGraph());
        }
    }

    /** How many recently indexed triples are remembered, to skip one stated in several graphs (bounded memory). */
    static final int RECENT = 100_000;

    /**
     * Indexes a dataset into a new index folder, streaming: each indexed predicate's quads are read in the
     * store's order (predicate first, so the graphs stating one triple come together) and a triple is
     * skipped when it was indexed among the last {@link #RECENT} — nothing grows with the data.
     */
    static long build(DatasetGraph dsg, Path indexDir) {
        Set<Node> skip = Set.of(AIH.node(AIH.GRAPH_SHAPES), AIH.node(AIH.GRAPH_VOID));
        Map<Triple, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Triple, Boolean> e) { return size() > RECENT; }
        };
        long[] docs = {0};
        try {
            Files.createDirectories(indexDir);
            try (FSDirectory dir = FSDirectory.open(indexDir);
                 IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(TextIndexes.indexAnalyzer()))) {
                Documents documents = new Documents();
                Txn.executeRead(dsg, () -> {
                    TdbScan scan = TdbScan.open(dsg);
                    // Fields in their fixed order (PREDICATES, a Map.of, iterates in an order that changes from
                    // one JVM to the next): the documents, and so equal-score hits, come in the same order every build.
                    for (String field : TextIndexes.FIELDS)
                        for (Node p : TextIndexes.PREDICATES.get(field))
                            scan.quadsWithPredicate(p).forEachRemaining(q -> {
                                if (skip.contains(q.getGraph()) || !q.getObject().isLiteral())
                                    return;
                                Triple t = q.asTriple();
                                if (recent.put(t, Boolean.TRUE) != null)
                                    return;
                                try {
                                    writer.addDocument(documents.of(field, t.getSubject(), t.getObject()));
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                                docs[0]++;
                            });
                });
                writer.commit();
            }
            Files.deleteIfExists(indexDir.resolve("write.lock"));
            Files.writeString(indexDir.resolve(DONE), docs[0] + " documents\n", StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new KgException(ErrorCode.STORE, "Cannot write the text index " + indexDir + ": " + cause.getMessage(), cause);
        }
        return docs[0];
    }

    /**
     * The Lucene document of one indexed literal, field for field what jena-text's multilingual index
     * writes ({@code TextIndexLucene.doc}): the subject in {@code uri}, the value stored and analysed in its
     * field, the language tag (or {@code ^^datatype}) in {@code lang}, and for a tagged value the same text
     * in {@code field_tag}, analysed by that language's analyzer. A Korean value would be segmented by Nori
     * twice (the mixed field and {@code field_ko} start with the same tokenizer and filters), so it is
     * segmented once: the {@code _ko} field's tokens are kept and the mixed field's English filters run over
     * them.
     */
    static final class Documents {
        private final Analyzer korean = new KoreanAnalyzer();

        Document of(String field, Node subject, Node object) {
            String value = object.getLiteralLexicalForm();
            String lang = object.getLiteral().language();
            RDFDatatype datatype = object.getLiteral().getDatatype();
            Document doc = new Document();
            doc.add(new Field(TextIndexes.ENTITY_FIELD, TextQueryFuncs.subjectToString(subject), TextIndexLucene.ftIRI));
            if ("ko".equals(lang)) {
                CachingTokenFilter ko = new CachingTokenFilter(korean.tokenStream(field + "_ko", value));
                doc.add(new StoredField(field, value));
                doc.add(new Field(field, TextIndexes.englishFilters(ko), TextField.TYPE_NOT_STORED));
                doc.add(new Field(TextIndexes.LANG_FIELD, lang, StringField.TYPE_STORED));
                doc.add(new Field(field + "_ko", ko, TextField.TYPE_NOT_STORED));
                return doc;
            }
            doc.add(new Field(field, value, TextField.TYPE_STORED));
            if (lang != null && !lang.isEmpty()) {
                doc.add(new Field(TextIndexes.LANG_FIELD, lang, StringField.TYPE_STORED));
                doc.add(new Field(field + "_" + lang, value, TextField.TYPE_NOT_STORED));
            } else if (datatype != null && !datatype.equals(XSDDatatype.XSDstring)) {
                doc.add(new Field(TextIndexes.LANG_FIELD, "^^" + datatype.getURI(), StringField.TYPE_STORED));
            }
            return doc;
        }
    }
}
