package org.aihegemony.kg.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.linkeddata.Base;
import org.aihegemony.kg.query.Paging;
import org.aihegemony.kg.query.QueryRunner;
import org.aihegemony.kg.query.QueryTemplate;
import org.aihegemony.kg.query.ResultFormat;
import org.aihegemony.kg.store.TextIndexes;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.text.TextQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saved queries over HTTP, at {@code /queries}:
 * <ul>
 * <li>{@code GET /queries}: the list, as JSON, or as an HTML page for a client that prefers HTML;</li>
 * <li>{@code GET /queries/NAME[.csv|.tsv|.json|.xml|.ttl|.nt|.jsonld|.rdf]?param=value&...}: runs one,
 * in the suffix's format or the one {@code Accept} asks for; {@code POST} with a form body works too.</li>
 * </ul>
 * The answer is computed in full before a byte is sent: a bad parameter is a 400, an unknown query a
 * 404, a query past the time limit a 503 — never a 200 with half an answer.
 */
public final class SavedQueryServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(SavedQueryServlet.class);
    private static final String FORM = "application/x-www-form-urlencoded";
    /** Bounds on a parameter: values are IRIs, names, years; nothing longer is meaningful. */
    static final int MAX_VALUE_CHARS = 2000;
    static final int MAX_VALUES = 100;

    private final transient QueryCatalog catalog;
    private final transient Dataset dataset;
    private final Duration timeout;
    private final Base base;
    /** The saved queries that call text:query when the store has no text index (decided once: the store never changes). */
    private final Set<String> needIndex;

    /**
     * @param catalog the saved queries (with values enumerated from the store already read)
     * @param dataset the store, configured as every reader needs it ({@code KgStore.configure})
     * @param timeout the query time limit, the same as the SPARQL endpoint's
     */
    public SavedQueryServlet(QueryCatalog catalog, Dataset dataset, Duration timeout) {
        this(catalog, dataset, timeout, Base.standard());
    }

    /** @param base the linked-data base, so that IRIs in HTML tables link to this server's pages */
    public SavedQueryServlet(QueryCatalog catalog, Dataset dataset, Duration timeout, Base base) {
        this.catalog = catalog;
        this.dataset = dataset;
        this.timeout = timeout;
        this.base = base;
        this.needIndex = dataset.getContext().get(TextQuery.textIndex) != null ? Set.of()
                : catalog.all().stream().filter(t -> TextIndexes.callsTextQuery(t.query())).map(QueryTemplate::name).collect(Collectors.toSet());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(FORM) && req.getContentLengthLong() != 0) {
            text(resp, 415, "POST takes a form body (" + FORM + "), or use GET with a query string");
            return;
        }
        handle(req, resp);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String path = req.getPathInfo();
        if (path == null || path.equals("/")) {
            if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
                resp.setHeader("Allow", "GET, HEAD");
                text(resp, 405, "The list of saved queries is read with GET");
                return;
            }
            listing(req, resp);
            return;
        }
        String segment = path.substring(1);
        int dot = segment.lastIndexOf('.');
        String name = dot < 0 ? segment : segment.substring(0, dot);
        String suffix = dot < 0 ? null : segment.substring(dot + 1);
        Optional<QueryTemplate> found = segment.contains("/") ? Optional.empty() : catalog.find(name);
        if (found.isEmpty()) {
            text(resp, 404, "Unknown saved query: " + (segment.contains("/") ? segment : name));
            return;
        }
        QueryTemplate t = found.get();
        boolean graph = t.answersRdf();
        // Issue 13: a browser asking for a SELECT's answer gets an HTML table.
        boolean html = suffix == null && t.query().isSelectType() && Negotiation.prefersHtml(req.getHeader("Accept"));
        Optional<ResultFormat> format = html ? Optional.of(ResultFormat.JSON) : suffix == null
                ? Negotiation.byAccept(req.getHeader("Accept"), graph)
                : Negotiation.bySuffix(suffix, graph);
        String choices = String.join(", ", Negotiation.suffixes(graph).keySet().stream().map(s -> "." + s).toList());
        if (format.isEmpty()) {
            if (suffix != null)
                text(resp, 404, "No ." + suffix + " answer for " + name + " (a " + t.type().name() + " query): use " + choices);
            else
                text(resp, 406, "Cannot answer " + name + " in a format the Accept header allows: use " + choices
                        + " or Accept one of " + String.join(", ", Negotiation.suffixes(graph).values().stream()
                                .map(ResultFormat::mediaType).toList()));
            return;
        }
        Map<String, List<String>> params = parameters(req);
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            if (p.getValue().size() > MAX_VALUES || p.getValue().stream().anyMatch(v -> v.length() > MAX_VALUE_CHARS)) {
                text(resp, 400, "Parameter " + p.getKey() + ": at most " + MAX_VALUES + " values of at most "
                        + MAX_VALUE_CHARS + " characters each");
                return;
            }
        }
        Query query;
        Map<String, List<String>> values = params;
        Paging paging;
        try {
            // limit and offset page every saved query, unless a query declares parameters of those names.
            paging = t.parameter(Paging.LIMIT).isPresent() || t.parameter(Paging.OFFSET).isPresent()
                    ? new Paging(Paging.ALL, 0) : Paging.take(values, html ? Paging.HTML_DEFAULT : Paging.ALL);
            query = t.bind(values);
        } catch (KgException e) {
            text(resp, e.code() == ErrorCode.QUERY_PARAMETER ? 400 : 500, e.getMessage());
            return;
        }
        if (needIndex.contains(t.name())) {
            // Jena would answer one row of unbound variables; the query is the server's, so not the client's fault
            text(resp, 503, "Saved query " + t.name() + " uses text:query, and " + TextIndexes.NO_INDEX);
            return;
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream(8192);
        long start = System.nanoTime();
        try {
            // A page is at most Paging.MAX_LIMIT rows, held to learn whether more follow; the whole answer
            // streams into the response buffer as before, bounded by the size cap and the time limit.
            if (query.isSelectType() && (paging.limited() || html)) {
                QueryRunner.Page page = QueryRunner.selectPage(dataset, query, paging, timeout.toMillis());
                String self = req.getRequestURI();
                if (page.more())
                    resp.addHeader("Link", "<" + QueryResultPage.pageUrl(self, values, paging.limit(), paging.offset() + paging.limit()) + ">; rel=\"next\"");
                if (paging.offset() > 0)
                    resp.addHeader("Link", "<" + QueryResultPage.pageUrl(self, values, paging.limit(),
                            paging.limited() ? Math.max(0, paging.offset() - paging.limit()) : 0) + ">; rel=\"prev\"");
                if (html) {
                    answer.write(QueryResultPage.render(t, page, paging, values, self, dataset, base).getBytes(StandardCharsets.UTF_8));
                    resp.setStatus(200);
                    resp.setContentType("text/html; charset=utf-8");
                    resp.setHeader("Vary", "Accept");
                    resp.getOutputStream().write(answer.toByteArray());
                    return;
                }
                QueryRunner.write(page, query, format.get(), answer);
            } else {
                if (!query.isAskType())
                    paging.applyExact(query);
                QueryRunner.run(dataset, query, format.get(), answer, timeout.toMillis());
            }
        } catch (KgException e) {
            if (e.code() == ErrorCode.QUERY_TIMEOUT)
                text(resp, 503, "Query timed out (limit " + timeout.toSeconds() + " s)");
            else
                text(resp, 500, e.getMessage());
            return;
        }
        LOG.debug("{} {} answered in {} ms", req.getMethod(), req.getRequestURI(), (System.nanoTime() - start) / 1_000_000);
        resp.setStatus(200);
        resp.setContentType(format.get().mediaType() + "; charset=utf-8");
        if (suffix == null)
            resp.setHeader("Vary", "Accept");
        else
            resp.setHeader("Content-Disposition", "inline; filename=\"" + name + "." + suffix.toLowerCase(Locale.ROOT) + "\"");
        // A too-large answer fails this write; CompleteResponseFilter turns that into a 503.
        resp.getOutputStream().write(answer.toByteArray());
    }

    /** Query-string and form values by name; repeated names keep every value, in order. */
    private static Map<String, List<String>> parameters(HttpServletRequest req) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> out.put(k, Arrays.asList(v)));
        return out;
    }

    private void listing(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Vary", "Accept");
        byte[] body;
        if (Negotiation.prefersHtml(req.getHeader("Accept"))) {
            resp.setContentType("text/html; charset=utf-8");
            body = QueryListing.html(catalog).getBytes(StandardCharsets.UTF_8);
        } else {
            resp.setContentType("application/json; charset=utf-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JSON.write(out, QueryListing.json(catalog));
            out.write('\n');
            body = out.toByteArray();
        }
        resp.setStatus(200);
        resp.getOutputStream().write(body);
    }

    /** A short plain-text answer: errors say what is wrong in one line. */
    static void text(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
