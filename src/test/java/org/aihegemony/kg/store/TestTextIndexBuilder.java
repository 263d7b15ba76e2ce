package org.aihegemony.kg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.aihegemony.kg.Fixtures;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.text.Entity;
import org.apache.jena.query.text.EntityDefinition;
import org.apache.jena.query.text.TextDatasetFactory;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.query.text.TextQueryFuncs;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text index the build writes ({@link TextIndexBuilder}: its own documents, a Korean value segmented
 * once for two fields) is the index jena-text writes from the same triples ({@code TextIndex.addEntity}):
 * the same fields, terms, postings with positions, norms and stored values, document for document — over
 * the article's data and literals of every kind (Korean with English words, other tags, typed, plain,
 * blank-node subjects, a triple stated in two graphs) — and the same when its parts are written in another order.
 */
class TestTextIndexBuilder {
    static final String EXTRA = """
            @prefix aih:  <https://w3id.org/aihegemony/ontology#> .
            @prefix aihr: <https://w3id.org/aihegemony/id/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            aihr:extra { aihr:x rdfs:label "Google's AI 모델은 the companies' running models를 학습했다"@ko ;
                                skos:altLabel "인공지능 패권 경쟁"@ko-KR , "AI race"@en-GB , "course d'IA"@fr , "plain text" ;
                                aih:description "42"^^xsd:integer , "2020-05-29"^^xsd:date , "Leaders' strategies"@en ;
                                aih:quote "미국과 중국의 AI 패권 경쟁은 포스트 코로나 시대에 본격화된다."@ko .
                         [] rdfs:label "익명 자원"@ko , "Anonymous resource"@en . }
            aihr:extra-again { aihr:x aih:description "Leaders' strategies"@en .
                               aihr:y aih:description "Leaders' strategies"@en . }
            """;

    static final Node AIH_DATA = org.apache.jena.graph.NodeFactory.createURI(org.aihegemony.kg.vocab.AIH.GRAPH_DATA);

    @TempDir
    Path tmp;

    @Test
    void theBuildsIndexIsJenaTextsIndex() throws IOException, InterruptedException {
        Dataset ds = TDB2Factory.connectDataset(tmp.resolve("db").toString());
        try {
            DatasetGraph dsg = ds.asDatasetGraph();
            Txn.executeWrite(dsg, () -> {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(Fixtures.repository().resolve("rdf"), "*.trig")) {
                    for (Path f : files) // the default graph's triples into the data graph, as the build puts them
                        RDFParser.source(f).lang(Lang.TRIG).parse(new org.apache.jena.riot.system.StreamRDFWrapper(
                                org.apache.jena.riot.system.StreamRDFLib.dataset(dsg)) {
                            @Override
                            public void triple(Triple t) {
                                super.quad(Quad.create(AIH_DATA, t));
                            }

                            @Override
                            public void quad(Quad q) {
                                super.quad(q.isDefaultGraph() ? Quad.create(AIH_DATA, q.asTriple()) : q);
                            }
                        });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                RDFParser.fromString(EXTRA, Lang.TRIG).parse(dsg);
            });
            long docs = TextIndexBuilder.build(dsg, tmp.resolve("ours"));
            long theirs = jenaText(dsg, tmp.resolve("jena-text"));
            assertTrue(docs > 1000, "the article's literals are indexed: " + docs);
            assertEquals(theirs, docs, "as many documents as jena-text adds");
            assertSameIndex(tmp.resolve("jena-text"), tmp.resolve("ours"));

            // The build writes the parts on several threads, in whatever order they are taken: the joined
            // index is the same, document for document.
            TextIndexBuilder.Parts parts = new TextIndexBuilder.Parts(dsg, tmp.resolve("threads"));
            for (int i = parts.size() - 1; i >= 0; i--) {
                int part = i;
                Thread t = new Thread(() -> parts.write(part));
                t.start();
                t.join();   // one after the other, last part first
            }
            assertEquals(docs, parts.join(), "as many documents from the parts written last first");
            assertSameIndex(tmp.resolve("jena-text"), tmp.resolve("threads"));
            assertTrue(Files.notExists(tmp.resolve("threads.parts")), "the parts' folder is removed once joined");
        } finally {
            TDBInternal.expel(ds.asDatasetGraph());
        }
    }

    /** A store without any indexed literal gets an index that jena-text opens and that finds nothing. */
    @Test
    void aStoreWithoutTextGetsAnEmptyIndex() throws IOException {
        Dataset ds = TDB2Factory.connectDataset(tmp.resolve("empty").toString());
        try {
            DatasetGraph dsg = ds.asDatasetGraph();
            Txn.executeWrite(dsg, () -> dsg.add(AIH_DATA, org.apache.jena.graph.NodeFactory.createURI("https://w3id.org/aihegemony/id/x"),
                    org.apache.jena.vocabulary.RDF.type.asNode(), org.apache.jena.graph.NodeFactory.createURI("https://w3id.org/aihegemony/ontology#Company")));
            assertEquals(0, TextIndexBuilder.build(dsg, tmp.resolve("empty-text")), "no documents");
            assertTrue(Files.isRegularFile(tmp.resolve("empty-text").resolve(TextIndexBuilder.DONE)), "the index is marked complete");
            assertTrue(Files.notExists(tmp.resolve("empty-text.parts")), "no parts left");
            try (FSDirectory d = FSDirectory.open(tmp.resolve("empty-text")); DirectoryReader r = DirectoryReader.open(d)) {
                assertEquals(0, r.maxDoc(), "an empty index opens");
            }
        } finally {
            TDBInternal.expel(ds.asDatasetGraph());
        }
    }

    /** The index as jena-text writes it: one entity per distinct (subject, predicate, literal), the builder's order. */
    static long jenaText(DatasetGraph dsg, Path dir) throws IOException {
        EntityDefinition def = TextIndexes.entityDefinition();
        long n = 0;
        try (FSDirectory d = FSDirectory.open(dir)) {
            TextIndex index = TextDatasetFactory.createLuceneIndex(d, TextIndexes.config());
            try {
                Set<Triple> seen = new HashSet<>();
                List<Triple> triples = new ArrayList<>();
                Txn.executeRead(dsg, () -> {
                    TdbScan scan = TdbScan.open(dsg);
                    for (String field : TextIndexes.FIELDS)
                        for (Node p : TextIndexes.PREDICATES.get(field))
                            scan.quadsWithPredicate(p).forEachRemaining(q -> {
                                if (q.getObject().isLiteral() && seen.add(q.asTriple()))
                                    triples.add(q.asTriple());
                            });
                });
                for (Triple t : triples) {
                    Entity e = TextQueryFuncs.entityFromQuad(def, Quad.create(Quad.defaultGraphNodeGenerated, t));
                    index.addEntity(e);
                    n++;
                }
                index.commit();
            } finally {
                index.close();
            }
        }
        return n;
    }

    static void assertSameIndex(Path expectedDir, Path actualDir) throws IOException {
        try (FSDirectory ed = FSDirectory.open(expectedDir); FSDirectory ad = FSDirectory.open(actualDir);
             DirectoryReader expected = DirectoryReader.open(ed); DirectoryReader actual = DirectoryReader.open(ad)) {
            assertEquals(expected.maxDoc(), actual.maxDoc(), "documents");
            FieldInfos ef = FieldInfos.getMergedFieldInfos(expected), af = FieldInfos.getMergedFieldInfos(actual);
            Set<String> names = new TreeSet<>();
            ef.forEach(fi -> names.add(fi.name));
            Set<String> actualNames = new TreeSet<>();
            af.forEach(fi -> actualNames.add(fi.name));
            assertEquals(names, actualNames, "the same fields");
            assertTrue(names.contains("label_ko") && names.contains("quote") && names.contains("label_en"),
                    "the fields of both languages are there: " + names);
            int termsCompared = 0;
            for (String name : names) {
                FieldInfo e = ef.fieldInfo(name), a = af.fieldInfo(name);
                assertEquals(e.getIndexOptions(), a.getIndexOptions(), name + ": index options");
                assertEquals(e.hasNorms(), a.hasNorms(), name + ": norms");
                termsCompared += assertSameTerms(name, expected, actual);
                if (e.hasNorms()) {
                    NumericDocValues en = MultiDocValues.getNormValues(expected, name), an = MultiDocValues.getNormValues(actual, name);
                    while (en.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
                        assertEquals(en.docID(), an.nextDoc(), name + ": a norm for the same document");
                        assertEquals(en.longValue(), an.longValue(), name + ": the norm of document " + en.docID());
                    }
                    assertEquals(DocIdSetIterator.NO_MORE_DOCS, an.nextDoc(), name + ": no further norms");
                }
            }
            assertTrue(termsCompared > 1000, "terms were compared: " + termsCompared);
            for (int i = 0; i < expected.maxDoc(); i++)
                assertEquals(stored(expected.storedFields().document(i)), stored(actual.storedFields().document(i)),
                        "stored values of document " + i);
        }
    }

    static int assertSameTerms(String field, DirectoryReader expected, DirectoryReader actual) throws IOException {
        Terms et = MultiTerms.getTerms(expected, field), at = MultiTerms.getTerms(actual, field);
        if (et == null) {
            assertEquals(null, at, field + ": not indexed in either");
            return 0;
        }
        assertNotNull(at, field + ": indexed");
        TermsEnum ee = et.iterator(), ae = at.iterator();
        int n = 0;
        for (BytesRef term = ee.next(); term != null; term = ee.next()) {
            BytesRef other = ae.next();
            assertEquals(term.utf8ToString(), other == null ? null : other.utf8ToString(), field + ": the next term");
            assertEquals(ee.docFreq(), ae.docFreq(), field + ":" + term.utf8ToString() + " document frequency");
            assertEquals(ee.totalTermFreq(), ae.totalTermFreq(), field + ":" + term.utf8ToString() + " total frequency");
            PostingsEnum ep = ee.postings(null, PostingsEnum.POSITIONS), ap = ae.postings(null, PostingsEnum.POSITIONS);
            while (ep.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
                assertEquals(ep.docID(), ap.nextDoc(), field + ":" + term.utf8ToString() + " in the same document");
                assertEquals(ep.freq(), ap.freq(), field + ":" + term.utf8ToString() + " frequency in document " + ep.docID());
                for (int k = 0; k < ep.freq(); k++)
                    assertEquals(ep.nextPosition(), ap.nextPosition(), field + ":" + term.utf8ToString() + " position in " + ep.docID());
            }
            n++;
        }
        assertEquals(null, ae.next(), field + ": no further terms");
        return n;
    }

    static List<String> stored(Document d) {
        List<String> out = new ArrayList<>();
        for (IndexableField f : d.getFields())
            out.add(f.name() + "=" + f.stringValue());
        return out;
    }
}
