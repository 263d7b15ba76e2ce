package org.aihegemony.kg.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.text.EntityDefinition;
import org.apache.jena.query.text.TextDatasetFactory;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.query.text.TextIndexConfig;
import org.apache.jena.query.text.analyzer.MultilingualAnalyzer;
import org.apache.jena.query.text.analyzer.Util;
import org.apache.jena.query.text.assembler.TextVocab;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;

/**
 * The full-text index of a store (jena-text over Lucene): what is indexed, with which analyzers, and
 * where it lives ({@value #DIR}/ inside the store folder).
 * <p>
 * One Lucene document per literal of an indexed property, in four fields: {@code label}
 * (rdfs:label, skos:prefLabel), {@code alt} (skos:altLabel, skos:hiddenLabel), {@code description}
 * (aih:description, aih:summary, aih:purpose, skos:definition, rdfs:comment, dct:description) and
 * {@code quote} (aih:quote, the evidence passages). jena-text's multilingual mode adds, for a literal
 * tagged {@code @ko} or {@code @en}, a field {@code label_ko} / {@code label_en} analysed by the language's
 * analyzer: Lucene's Nori ({@link KoreanAnalyzer}, which splits particles and compounds) for Korean, the
 * {@link EnglishAnalyzer} (stemming, stop words) for English. The unsuffixed fields, which a
 * {@code text:query} without a language searches, use {@link #mixedAnalyzer()}: Nori's tokenizer, which
 * also keeps Latin words, then lower case and English stemming — so one query string finds both languages.
 */
public final class TextIndexes {
    /** The index's folder inside a store folder. */
    public static final String DIR = "text";

    public static final String ENTITY_FIELD = "uri";
    public static final String LANG_FIELD = "lang";
    public static final String LABEL = "label";
    public static final String ALT = "alt";
    public static final String DESCRIPTION = "description";
    public static final String QUOTE = "quote";
    /** The indexed fields, most telling first. */
    public static final List<String> FIELDS = List.of(LABEL, ALT, DESCRIPTION, QUOTE);
    /** The languages with their own analyzer (and field suffix). */
    public static final List<String> LANGUAGES = List.of("ko", "en");

    /** The predicates of each field. */
    public static final Map<String, List<Node>> PREDICATES = Map.of(
            LABEL, List.of(RDFS.label.asNode(), SKOS.prefLabel.asNode()),
            ALT, List.of(SKOS.altLabel.asNode(), SKOS.hiddenLabel.asNode()),
            DESCRIPTION, List.of(NodeFactory.createURI(AIH.NS + "description"), NodeFactory.createURI(AIH.NS + "summary"),
                    NodeFactory.createURI(AIH.NS + "purpose"), SKOS.definition.asNode(), RDFS.comment.asNode(),
                    DCTerms.description.asNode()),
            QUOTE, List.of(NodeFactory.createURI(AIH.quote)));

    static {
        // jena-text picks a @ko field's analyzer from this registry; its own default for "ko" is CJK bigrams.
        Util.addAnalyzer("ko", new KoreanAnalyzer());
        Util.addAnalyzer("en", new EnglishAnalyzer());
    }

    private TextIndexes() {}

    /** The entity definition: which predicate feeds which field. */
    public static EntityDefinition entityDefinition() {
        EntityDefinition def = new EntityDefinition(ENTITY_FIELD, LABEL);
        def.setLangField(LANG_FIELD);
        for (String field : FIELDS)
            for (Node p : PREDICATES.get(field))
                def.set(field, p);
        return def;
    }

    public static TextIndexConfig config() {
        TextIndexConfig config = new TextIndexConfig(entityDefinition());
        config.setMultilingualSupport(true);
        config.setValueStored(true);
        config.setAnalyzer(mixedAnalyzer());
        return config;
    }

    /** The analyzer of a field: by its language suffix, else the mixed one. */
    public static Analyzer analyzer(String lang) {
        return switch (lang == null ? "" : lang) {
            case "ko" -> new KoreanAnalyzer();
            case "en" -> new EnglishAnalyzer();
            default -> mixedAnalyzer();
        };
    }

    /** Korean and English in one pass: Nori's segmentation, lower case, English stop words and stems. */
    public static Analyzer mixedAnalyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new KoreanTokenizer();
                TokenStream s = new KoreanPartOfSpeechStopFilter(tokenizer);
                s = new KoreanReadingFormFilter(s);
                s = new LowerCaseFilter(s);
                return new TokenStreamComponents(tokenizer, englishFilters(s));
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new LowerCaseFilter(in);
            }
        };
    }

    /**
     * What the mixed analyzer adds to {@link KoreanAnalyzer}'s chain (the same tokenizer, part-of-speech
     * stop tags, reading forms and lower case): English possessives, stop words and stems.
     */
    static TokenStream englishFilters(TokenStream korean) {
        TokenStream s = new EnglishPossessiveFilter(korean);
        s = new StopFilter(s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        return new PorterStemFilter(s);
    }

    /**
     * The analyzer jena-text's multilingual index writes with ({@code TextIndexLucene}): the language's
     * analyzer for a field with a language suffix, the mixed one otherwise, the subject and language
     * fields as keywords.
     */
    static Analyzer indexAnalyzer() {
        return new PerFieldAnalyzerWrapper(new MultilingualAnalyzer(mixedAnalyzer()),
                Map.of(ENTITY_FIELD, new KeywordAnalyzer(), LANG_FIELD, new KeywordAnalyzer()));
    }

    /** Why a search cannot be answered over a store without a text index, and the remedy. */
    public static final String NO_INDEX =
            "this store has no text index (built with --no-text-index, or before search existed); 'build --force' adds it";

    /** jena-text's property function. */
    private static final Node TEXT_QUERY = NodeFactory.createURI(TextVocab.pfQuery);

    /**
     * Whether a query's patterns, sub-queries included, use jena-text's {@code text:query}: over a store
     * without an index Jena answers it with one row of unbound variables, so callers refuse it instead.
     * Patterns inside {@code FILTER EXISTS} are not looked at.
     */
    public static boolean callsTextQuery(Query query) {
        boolean[] found = {false};
        OpWalker.walk(Algebra.compile(query), new OpVisitorBase() {
            @Override
            public void visit(OpBGP bgp) {
                bgp.getPattern().forEach(t -> found[0] |= TEXT_QUERY.equals(t.getPredicate()));
            }

            @Override
            public void visit(OpTriple triple) {
                found[0] |= TEXT_QUERY.equals(triple.getTriple().getPredicate());
            }
        });
        return found[0];
    }

    /** Whether a store folder holds a text index. */
    public static boolean exists(Path storeDir) {
        return Files.isRegularFile(storeDir.resolve(DIR).resolve(TextIndexBuilder.DONE));
    }

    /**
     * Opens a store's index for serving: its files are copied into memory (a few MB at most), so the
     * folder on disk is only read — never locked or written — and any number of processes may serve it.
     */
    public static TextIndex openReadOnly(Path storeDir) {
        Path dir = storeDir.resolve(DIR);
        Directory memory = new ByteBuffersDirectory();
        try (FSDirectory disk = FSDirectory.open(dir)) {
            for (String file : disk.listAll())
                if (!file.equals("write.lock") && !file.equals(TextIndexBuilder.DONE))
                    memory.copyFrom(disk, file, file, IOContext.DEFAULT);
        } catch (IOException e) {
            throw new KgException(ErrorCode.STORE, "Cannot read the text index " + dir + ": " + e.getMessage(), e);
        }
        return TextDatasetFactory.createLuceneIndex(memory, config());
    }
}
