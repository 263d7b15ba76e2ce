package org.aihegemony.kg.content;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.store.SourceLoader;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every evidence quote is an exact substring of the article, and short: the repository holds the graph,
 * not a copy of the article. The article is read from {@code ../shared/source/article-ko.txt}; where it
 * is absent the test is skipped with a message saying so.
 */
class TestEvidenceQuotes {
    /** The longest quote allowed: about one long sentence of the article. */
    static final int MAX_QUOTE_CHARS = 400;
    static final Path ARTICLE = Fixtures.repository().resolve("../shared/source/article-ko.txt").normalize();

    static List<Triple> quotes;

    @BeforeAll
    static void readQuotes() {
        DatasetGraph dsg = SourceLoader.load(SourceSet.fromDirectory(Fixtures.repository()));
        quotes = new ArrayList<>();
        dsg.find(Node.ANY, Node.ANY, AIH.node(AIH.quote), Node.ANY).forEachRemaining(q -> quotes.add(q.asTriple()));
    }

    @Test
    void everyQuoteIsAnExactSubstringOfTheArticle() throws Exception {
        assumeTrue(Files.isRegularFile(ARTICLE), "SKIPPED: the article is not at " + ARTICLE
                + " (it comes from the steering repository's shared/ folder)");
        String article = Files.readString(ARTICLE);
        assertTrue(!quotes.isEmpty() || !Files.isDirectory(Fixtures.repository().resolve("rdf")),
                "the data has evidence quotes");
        List<String> wrong = new ArrayList<>();
        for (Triple t : quotes) {
            String q = t.getObject().getLiteralLexicalForm();
            if (!article.contains(q))
                wrong.add(t.getSubject().getURI() + ": \"" + q + "\"");
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + quotes.size() + " quotes are not in the article:\n  "
                + String.join("\n  ", wrong));
    }

    @Test
    void quotesAreShortAndKorean() {
        List<String> wrong = new ArrayList<>();
        for (Triple t : quotes) {
            Node o = t.getObject();
            String q = o.getLiteralLexicalForm();
            if (q.length() > MAX_QUOTE_CHARS)
                wrong.add(t.getSubject().getURI() + " is " + q.length() + " characters long");
            if (q.isBlank())
                wrong.add(t.getSubject().getURI() + " is blank");
            if (!"ko".equals(o.getLiteralLanguage()))
                wrong.add(t.getSubject().getURI() + " is not tagged @ko");
        }
        assertTrue(wrong.isEmpty(), "quotes must be short @ko phrases or sentences:\n  " + String.join("\n  ", wrong));
    }
}
