package org.aihegemony.kg.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;

/**
 * The JSON-LD contexts a build may use: only local copies. A build never touches the network, so a
 * JSON-LD source whose {@code @context} names a remote document fails with its file name unless the
 * sources carry a copy: a file under {@code contexts/}, listed in {@code contexts/catalog.txt} as
 * {@code URL FILE} (one per line, {@code #} starts a comment), e.g.
 * {@code https://schema.org/ schema-context.jsonld}.
 */
final class LocalContexts implements DocumentLoader {
    static final String CATALOG = "contexts/catalog.txt";

    private final Map<String, SourceFile> copies;

    private LocalContexts(Map<String, SourceFile> copies) {
        this.copies = copies;
    }

    static LocalContexts from(SourceSet sources) {
        Map<String, SourceFile> copies = new HashMap<>();
        SourceFile catalog = sources.file(CATALOG).orElse(null);
        if (catalog != null) {
            String[] lines = catalog.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#"))
                    continue;
                String[] parts = line.split("\\s+");
                SourceFile copy = parts.length == 2 ? sources.file("contexts/" + parts[1]).orElse(null) : null;
                if (copy == null)
                    throw new LoadFailure(new SourceError(CATALOG, i + 1, 1, parts.length == 2
                            ? "no file contexts/" + parts[1] + " for the context " + parts[0]
                            : "expected 'URL FILE', found: " + line));
                copies.put(parts[0], copy);
            }
        }
        return new LocalContexts(copies);
    }

    /** The options the JSON-LD parser gets: every document comes from here. */
    JsonLdOptions options() {
        return new JsonLdOptions(this);
    }

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
        SourceFile copy = copies.get(url.toString());
        if (copy == null)
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "the remote JSON-LD context <" + url
                    + "> is not fetched during a build (no network access); put a copy under contexts/ and list it in "
                    + CATALOG + " as '" + url + " FILE'");
        try (InputStream in = copy.open()) {
            return JsonDocument.of(in);
        } catch (IOException e) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, "cannot read " + copy.path() + ": " + e.getMessage());
        }
    }

    /** A catalog problem, reported like a source's syntax error. */
    static final class LoadFailure extends KgException {
        final SourceError error;

        LoadFailure(SourceError error) {
            super(ErrorCode.SOURCE_SYNTAX, error.toString());
            this.error = error;
        }

        List<SourceError> errors() { return List.of(error); }
    }
}
