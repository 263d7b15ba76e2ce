package org.aihegemony.kg.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.store.TextIndexes;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.query.text.TextIndexLucene;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Searching the store's full-text index ({@link TextIndexes}) for people and programs: one query string,
 * in Korean or English, ranked by resource.
 * <p>
 * The text is analysed three ways — Nori (Korean), English, and the mixed analyzer — and each is matched
 * against the field variant analysed the same way; the best variant counts (a disjunction-max). Labels
 * weigh most, then alternative labels, descriptions, evidence quotes. Lucene's matches are literals;
 * they are grouped by the resource that has them, which scores by its best literal plus a little for each
 * further one, and an exact label match counts double. The user's text is analysed, never parsed as
 * Lucene query syntax, so no input can make a query fail.
 */
public final class TextSearch {
    /** Longest query accepted, in characters. */
    public static final int MAX_QUERY_CHARS = 200;
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;
    /** Deepest offset accepted; beyond it nobody is reading. */
    public static final int MAX_OFFSET = 1000;
    /** Literals considered per query: far more than the resources any page shows. */
    static final int CANDIDATES = 2000;
    static final int SNIPPET_CHARS = 160;

    private static final Map<String, Float> BOOST = Map.of(
            TextIndexes.LABEL, 4f, TextIndexes.ALT, 3f, TextIndexes.DESCRIPTION, 1.5f, TextIndexes.QUOTE, 1f);
    private static final String[] VARIANTS = { null, "ko", "en" };

    private final DatasetGraph dataset;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Map<String, Analyzer> analyzers = new HashMap<>();
    private final List<LabelEntry> labels;

    /** A labelled resource, for suggestions. */
    record LabelEntry(String iri, String text, String lang, boolean alt, String key) { }

    public record Type(String iri, String en, String ko) { }

    public record Hit(String iri, double score, String ko, String en, List<Type> types,
            String field, String lang, String snippet, List<int[]> marks) { }

    public record Result(String query, int total, int offset, int limit, List<Hit> hits) { }

    public record Suggestion(String iri, String label, String lang, String ko, String en) { }

    public TextSearch(DatasetGraph dataset, TextIndex index) {
        this.dataset = dataset;
        if (!(index instanceof TextIndexLucene lucene))
            throw new IllegalArgumentException("Not a Lucene text index: " + index);
        try {
            this.reader = DirectoryReader.open(lucene.getDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the text index: " + e.getMessage(), e);
        }
        this.searcher = new IndexSearcher(reader);
        analyzers.put("", TextIndexes.mixedAnalyzer());
        analyzers.put("ko", TextIndexes.analyzer("ko"));
        analyzers.put("en", TextIndexes.analyzer("en"));
        this.labels = loadLabels();
    }

    /** The resources matching {@code q}, best first; {@code offset} and {@code limit} select a page. */
    public Result search(String q, int offset, int limit) {
        Query query = query(q);
        if (query == null)
            return new Result(q, 0, offset, limit, List.of());
        String exact = key(q);
        try {
            ScoreDoc[] docs = searcher.search(query, CANDIDATES).scoreDocs;
            StoredFields stored = searcher.storedFields();
            Map<String, Group> groups = new LinkedHashMap<>();
            for (ScoreDoc sd : docs) {
                Document doc = stored.document(sd.doc);
                String uri = doc.get(TextIndexes.ENTITY_FIELD);
                Group g = groups.computeIfAbsent(uri, u -> new Group(u, sd.doc, sd.score, doc));
                g.add(sd.score);
                String field = fieldOf(doc);
                if ((TextIndexes.LABEL.equals(field) || TextIndexes.ALT.equals(field)) && key(doc.get(field)).equals(exact))
                    g.exact = true;
            }
            List<Group> ranked = new ArrayList<>(groups.values());
            ranked.sort(Comparator.comparingDouble(Group::score).reversed().thenComparing(g -> g.uri));
            List<Hit> hits = new ArrayList<>();
            for (int i = offset; i < Math.min(ranked.size(), offset + limit); i++)
                hits.add(hit(ranked.get(i), q));
            return new Result(q, ranked.size(), offset, limit, hits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Labels to offer while someone types: the resources whose label or alternative label starts with,
     * or contains, the text (case and spaces ignored); exact matches first, then prefixes, then shorter labels.
     */
    public List<Suggestion> suggest(String q, int limit) {
        String k = key(q);
        if (k.isEmpty())
            return List.of();
        Map<String, LabelEntry> best = new LinkedHashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        for (LabelEntry e : labels) {
            int pos = e.key().indexOf(k);
            if (pos < 0)
                continue;
            int r = (e.key().equals(k) ? 0 : pos == 0 ? 1 : 2) * 2 + (e.alt() ? 1 : 0);
            Integer old = rank.get(e.iri());
            if (old == null || r < old || (r == old && e.text().length() < best.get(e.iri()).text().length())) {
                rank.put(e.iri(), r);
                best.put(e.iri(), e);
            }
        }
        List<LabelEntry> sorted = new ArrayList<>(best.values());
        sorted.sort(Comparator.<LabelEntry>comparingInt(e -> rank.get(e.iri())).thenComparingInt(e -> e.text().length())
                .thenComparing(LabelEntry::text));
        List<Suggestion> out = new ArrayList<>();
        Txn.executeRead(dataset, () -> {
            Graph union = dataset.getUnionGraph();
            for (LabelEntry e : sorted.subList(0, Math.min(limit, sorted.size()))) {
                Node n = NodeFactory.createURI(e.iri());
                out.add(new Suggestion(e.iri(), e.text(), e.lang(), label(union, n, "ko"), label(union, n, "en")));
            }
        });
        return out;
    }

    /** The Lucene query for a user's text; null when no analyzer finds a word in it. */
    Query query(String q) {
        BooleanQuery.Builder top = new BooleanQuery.Builder();
        boolean any = false;
        for (String field : TextIndexes.FIELDS) {
            List<Query> variants = new ArrayList<>();
            for (String lang : VARIANTS) {
                String name = lang == null ? field : field + "_" + lang;
                List<String> terms = terms(lang, name, q);
                if (terms.isEmpty())
                    continue;
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                for (String t : new LinkedHashSet<>(terms))
                    b.add(new TermQuery(new Term(name, t)), BooleanClause.Occur.SHOULD);
                variants.add(b.build());
            }
            if (!variants.isEmpty()) {
                top.add(new BoostQuery(new DisjunctionMaxQuery(variants, 0.1f), BOOST.get(field)), BooleanClause.Occur.SHOULD);
                any = true;
            }
        }
        return any ? top.build() : null;
    }

    private List<String> terms(String lang, String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzers.get(lang == null ? "" : lang).tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken())
                out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private final class Group {
        final String uri;
        final int bestDoc;
        final float best;
        final Document bestDocument;
        double sum;
        boolean exact;

        Group(String uri, int bestDoc, float best, Document doc) {
            this.uri = uri;
            this.bestDoc = bestDoc;
            this.best = best;
            this.bestDocument = doc;
        }

        void add(float score) { sum += score; }

        /** The best literal, plus a quarter of the rest (at most a quarter more), doubled for an exact label. */
        double score() {
            double s = best + 0.25 * Math.min(best, sum - best);
            return exact ? 2 * s : s;
        }
    }

    private Hit hit(Group g, String q) {
        Document doc = g.bestDocument;
        String field = fieldOf(doc);
        String text = doc.get(field);
        String lang = doc.get(TextIndexes.LANG_FIELD);
        if (lang != null && lang.startsWith("^^"))  // jena-text keeps a datatype there
            lang = "";
        String docLang = lang == null ? "" : lang;
        Snippet snippet = snippet(text, docLang, field, q);
        Node n = NodeFactory.createURI(g.uri);
        return Txn.calculateRead(dataset, () -> {
            Graph union = dataset.getUnionGraph();
            return new Hit(g.uri, Math.round(g.score() * 1000) / 1000.0, label(union, n, "ko"), label(union, n, "en"),
                    types(union, n), field, docLang, snippet.text, snippet.marks);
        });
    }

    private record Snippet(String text, List<int[]> marks) { }

    /** A window of the matched literal around its first match, with the matches' offsets in the window. */
    Snippet snippet(String text, String lang, String field, String q) {
        if (text == null)
            return new Snippet("", List.of());
        List<int[]> marks = literalMarks(text, q);
        for (String variant : new String[] { lang, "" }) {
            if (!marks.isEmpty())
                break;
            if (!analyzers.containsKey(variant))
                continue;
            String name = variant.isEmpty() ? field : field + "_" + variant;
            Set<String> wanted = new LinkedHashSet<>(terms(variant.isEmpty() ? null : variant, name, q));
            try (TokenStream ts = analyzers.get(variant).tokenStream(name, text)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
                ts.reset();
                while (ts.incrementToken())
                    if (wanted.contains(term.toString()))
                        marks.add(new int[] { off.startOffset(), off.endOffset() });
                ts.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!marks.isEmpty())
                break;
        }
        marks = merge(marks);
        int start = 0;
        int end = text.length();
        if (text.length() > SNIPPET_CHARS) {
            int first = marks.isEmpty() ? 0 : marks.get(0)[0];
            start = Math.max(0, Math.min(first - SNIPPET_CHARS / 3, text.length() - SNIPPET_CHARS));
            end = Math.min(text.length(), start + SNIPPET_CHARS);
        }
        String prefix = start > 0 ? "…" : "";
        String window = prefix + text.substring(start, end) + (end < text.length() ? "…" : "");
        List<int[]> shifted = new ArrayList<>();
        for (int[] m : marks)
            if (m[0] >= start && m[1] <= end)
                shifted.add(new int[] { m[0] - start + prefix.length(), m[1] - start + prefix.length() });
        return new Snippet(window, shifted);
    }

    /** Where the query's words occur as they are (case ignored): the clearest marks, when there are any. */
    private static List<int[]> literalMarks(String text, String q) {
        List<int[]> marks = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() != text.length())
            return marks;
        for (String word : q.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (word.length() < 2)
                continue;
            for (int i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + word.length()))
                marks.add(new int[] { i, i + word.length() });
        }
        return marks;
    }

    private static List<int[]> merge(List<int[]> marks) {
        marks.sort(Comparator.comparingInt((int[] m) -> m[0]));
        List<int[]> out = new ArrayList<>();
        for (int[] m : marks) {
            if (!out.isEmpty() && m[0] <= out.get(out.size() - 1)[1])
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], m[1]);
            else
                out.add(new int[] { m[0], m[1] });
        }
        return out;
    }

    private static String fieldOf(Document doc) {
        for (String f : TextIndexes.FIELDS)
            if (doc.get(f) != null)
                return f;
        return TextIndexes.LABEL;
    }

    private List<LabelEntry> loadLabels() {
        List<LabelEntry> out = new ArrayList<>();
        try {
            StoredFields stored = reader.storedFields();
            for (int i = 0; i < reader.maxDoc(); i++) {
                Document doc = stored.document(i);
                for (String f : List.of(TextIndexes.LABEL, TextIndexes.ALT)) {
                    String text = doc.get(f);
                    String lang = doc.get(TextIndexes.LANG_FIELD);
                    if (text != null)
                        out.add(new LabelEntry(doc.get(TextIndexes.ENTITY_FIELD), text, lang == null ? "" : lang,
                                f.equals(TextIndexes.ALT), key(text)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Text compared for exact and prefix matches: NFKC, lower case, no spaces. */
    static String key(String s) {
        if (s == null)
            return "";
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }

    private static String label(Graph g, Node n, String lang) {
        String[] found = { null };
        g.find(n, RDFS.label.asNode(), Node.ANY).forEachRemaining(t -> {
            Node o = t.getObject();
            if (o.isLiteral() && o.getLiteralLanguage().equalsIgnoreCase(lang) && (found[0] == null || o.getLiteralLexicalForm().compareTo(found[0]) < 0))
                found[0] = o.getLiteralLexicalForm();
        });
        return found[0];
    }

    /** The resource's stated types (the inferred super-classes left out), with their labels. */
    private List<Type> types(Graph union, Node n) {
        Node inferred = AIH.node(AIH.GRAPH_INFERRED);
        Set<Node> types = new LinkedHashSet<>();
        dataset.find(Node.ANY, n, RDF.type.asNode(), Node.ANY).forEachRemaining(q -> {
            if (!q.getGraph().equals(inferred))
                types.add(q.getObject());
        });
        List<Type> out = new ArrayList<>();
        for (Node t : types)
            if (t.isURI())
                out.add(new Type(t.getURI(), label(union, t, "en"), label(union, t, "ko")));
        out.sort(Comparator.comparing(Type::iri));
        return out;
    }

    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
        }
    }
}
