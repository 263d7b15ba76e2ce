package org.aihegemony.kg.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.atlas.lib.tuple.TupleFactory;
import org.apache.jena.graph.Node;
import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.query.text.TextIndexLucene;
import org.apache.jena.query.text.TextQueryFuncs;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.store.NodeId;
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
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.store.Directory;
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

    /**
     * Indexes a dataset into a new index folder, streaming, one part after the other (see {@link Parts}).
     * Call outside a transaction: each part reads in a transaction of its own.
     */
    static long build(DatasetGraph dsg, Path indexDir) {
        Parts parts = new Parts(dsg, indexDir);
        for (int i = 0; i < parts.size(); i++)
            parts.write(i);
        return parts.join();
    }

    /**
     * The index in parts, one per field ({@link TextIndexes#FIELDS}), each written into a folder of its own
     * by a Lucene writer of its own, so that the parts can be written on as many threads as are free
     * (a single writer is one thread: at the end of a build it ran alone on one core for seconds while the
     * other idled); then {@linkplain #join() joined} into the index folder in field order — Lucene copies
     * the parts' segments as they are — so the documents, and with them equal-score hits, come in the same
     * order however the parts were scheduled: the fields in order, each predicate's quads in the store's
     * order.
     * <p>
     * A part reads each of its predicates' quads from the predicate-first index ({@code POSG}): the graphs
     * stating one triple come one after the other, so a triple is indexed once by comparing it with the
     * last one indexed — nothing grows with the data. The shapes and VoID graphs are left out.
     */
    static final class Parts {
        private final DatasetGraph dsg;
        private final Path indexDir;
        private final Path partsDir;
        private final long[] docs = new long[TextIndexes.FIELDS.size()];

        Parts(DatasetGraph dsg, Path indexDir) {
            this.dsg = dsg;
            this.indexDir = indexDir;
            this.partsDir = indexDir.resolveSibling(indexDir.getFileName() + ".parts");
        }

        int size() {
            return docs.length;
        }

        /** Writes part {@code i} (in a read transaction of its own; any thread, any order). */
        void write(int i) {
            String field = TextIndexes.FIELDS.get(i);
            Path dir = partDir(i);
            try {
                Files.createDirectories(dir);
                try (FSDirectory fs = FSDirectory.open(dir);
                     IndexWriter writer = new IndexWriter(fs, new IndexWriterConfig(TextIndexes.indexAnalyzer()))) {
                    docs[i] = Txn.calculateRead(dsg, () -> writeField(TdbScan.open(dsg), field, writer));
                    writer.commit();
                }
            } catch (IOException | UncheckedIOException e) {
                throw failed(e);
            }
        }

        /**
         * Joins the written parts into the index folder, in field order, and removes them; returns the
         * number of documents. Call once every part is written.
         */
        long join() {
            long total = 0;
            try {
                Files.createDirectories(indexDir);
                List<FSDirectory> parts = new ArrayList<>();
                try (FSDirectory dir = FSDirectory.open(indexDir);
                     IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(TextIndexes.indexAnalyzer())
                             .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                             // segments stay in the order they are added: no merge may move them
                             .setMergePolicy(NoMergePolicy.INSTANCE))) {
                    for (int i = 0; i < docs.length; i++)
                        parts.add(FSDirectory.open(partDir(i)));
                    writer.addIndexes(parts.toArray(new Directory[0]));
                    writer.commit();
                } finally {
                    for (FSDirectory d : parts)
                        d.close();
                }
                for (long n : docs)
                    total += n;
                Files.deleteIfExists(indexDir.resolve("write.lock"));
                Files.writeString(indexDir.resolve(DONE), total + " documents\n", StandardCharsets.UTF_8);
                StoreFiles.deleteTree(partsDir);
            } catch (IOException | UncheckedIOException e) {
                throw failed(e);
            }
            return total;
        }

        private Path partDir(int i) {
            return partsDir.resolve(i + "-" + TextIndexes.FIELDS.get(i));
        }

        private KgException failed(Exception e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            return new KgException(ErrorCode.STORE, "Cannot write the text index " + indexDir + ": " + cause.getMessage(), cause);
        }
    }

    /** Adds the documents of one field; returns how many. */
    private static long writeField(TdbScan scan, String field, IndexWriter writer) {
        Set<NodeId> skip = new HashSet<>();
        for (String g : new String[] { AIH.GRAPH_SHAPES, AIH.GRAPH_VOID }) {
            NodeId id = scan.id(AIH.node(g));
            if (id != null)
                skip.add(id);
        }
        Documents documents = new Documents();
        long n = 0;
        for (Node p : TextIndexes.PREDICATES.get(field)) {
            NodeId pid = scan.id(p);
            if (pid == null)
                continue;
            NodeId lastS = null, lastO = null;
            // POSG: (p, o, s, g), a triple's graphs one after the other
            Iterator<Tuple<NodeId>> it = scan.index("POSG").find(TupleFactory.create4(NodeId.NodeIdAny, NodeId.NodeIdAny, pid, NodeId.NodeIdAny));
            while (it.hasNext()) {
                Tuple<NodeId> q = it.next();   // G, S, P, O
                if (skip.contains(q.get(0)) || (q.get(3).equals(lastO) && q.get(1).equals(lastS)))
                    continue;
                Node o = scan.node(q.get(3));
                if (!o.isLiteral())
                    continue;
                try {
                    writer.addDocument(documents.of(field, scan.node(q.get(1)), o));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                lastS = q.get(1);
                lastO = q.get(3);
                n++;
            }
        }
        return n;
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
