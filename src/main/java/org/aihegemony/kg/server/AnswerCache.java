package org.aihegemony.kg.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Finished answers, kept while the server runs. The served store never changes, so an answer computed
 * once is right until the next build: it is kept here with its headers, its gzip form made once, and a
 * strong ETag from its bytes, and served again without touching the store — a conditional request
 * that matches gets 304 from the key alone.
 * <p>
 * The key is all that decides the bytes: the store's content id (one cache per store), the path, the
 * raw query string of a GET (HEAD shares it), the sorted parameters of a POSTed form or the text of a
 * POSTed query, and the {@code Accept} header as sent. Only complete 200 answers are kept: never
 * errors, timeouts, answers over the entry cap, or answers marked {@code no-store}. The cache is bounded
 * by total bytes (Caffeine's weigher) and counts hits, misses and evictions for {@code /$/status}.
 */
public final class AnswerCache {
    /** Response headers a route sets that are part of the answer (CORS and safety headers are added per response). */
    private static final Set<String> KEPT_HEADERS = Set.of("content-type", "content-disposition", "vary", "link",
            "content-location", "cache-control", "last-modified", "content-language");
    private static final int GZIP_MIN_BYTES = 256;
    /** Freshness of every kept answer: the same as the linked data's (a rebuilt store is seen within ten minutes). */
    static final String CACHE_CONTROL = "public, max-age=600";

    /**
     * A finished answer: the route's headers, identity bytes, gzip bytes (or null), its strong ETag, and
     * the whole header block of each response it can give (200 or 304, identity or gzip), made once so
     * that a hit only copies references ({@link CachedAnswers}).
     */
    static final class Answer {
        private final List<String[]> headers;
        private final byte[] body;
        private final byte[] gzip;
        private final String etag;
        /** Last-Modified in epoch milliseconds, or -1. */
        private final long lastModified;
        /** Index: (gzip ? 2 : 0) + (304 ? 1 : 0); null where there is no gzip form. */
        private final HttpField[][] fields = new HttpField[4][];
        /** What the prepared header fields hold, roughly, for the cache's weigher. */
        private final int headerBytes;

        Answer(List<String[]> headers, byte[] body, byte[] gzip, String etag) {
            this.headers = headers;
            this.body = body;
            this.gzip = gzip;
            this.etag = etag;
            this.lastModified = lastModified(headers);
            int bytes = 0;
            for (int i = 0; i < 4; i++) {
                fields[i] = prepare(i >= 2, (i & 1) == 1);
                if (fields[i] != null)
                    for (HttpField f : fields[i])
                        bytes += 2 * (f.getName().length() + f.getValue().length()) + 96;
            }
            this.headerBytes = bytes;
        }

        List<String[]> headers() { return headers; }
        byte[] body() { return body; }
        byte[] gzip() { return gzip; }
        String etag() { return etag; }

        int weight() {
            return 200 + headerBytes + body.length + (gzip == null ? 0 : gzip.length);
        }

        /**
         * Puts the headers of this answer, as sent with the gzip or identity bytes as a 200 or a 304, on a
         * hit's response: the headers every response has ({@link CorsFilter}), shared by all answers, then
         * the answer's own, each encoded once.
         */
        void addTo(HttpFields.Mutable response, boolean gz, boolean notModified) {
            for (HttpField f : COMMON)
                response.add(f);
            for (HttpField f : fields(gz, notModified))
                response.add(f);
        }

        /** The answer's own header fields for one of its four responses, as prepared (X-Cache: HIT last). */
        HttpField[] fields(boolean gz, boolean notModified) {
            return fields[(gz ? 2 : 0) + (notModified ? 1 : 0)];
        }

        /**
         * The answer's own headers in the order a response carries them: the route's kept headers (one
         * Vary, Accept-Encoding added when a gzip form exists), the ETag of the variant, and, for a 200,
         * Content-Encoding and Content-Length.
         */
        private List<String[]> own(boolean gz, boolean notModified) {
            List<String[]> out = new ArrayList<>();
            java.util.LinkedHashSet<String> vary = new java.util.LinkedHashSet<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase("Vary")) {
                    for (String v : h[1].split(","))
                        if (!v.isBlank())
                            vary.add(v.trim());
                } else {
                    out.add(h);
                }
            }
            if (gzip != null && vary.stream().noneMatch("Accept-Encoding"::equalsIgnoreCase))
                vary.add("Accept-Encoding");
            if (!vary.isEmpty())
                out.add(new String[] { "Vary", String.join(", ", vary) });
            out.add(new String[] { "ETag", gz ? etag.substring(0, etag.length() - 1) + "-gz\"" : etag });
            if (!notModified) {
                if (gz)
                    out.add(new String[] { "Content-Encoding", "gzip" });
                out.add(new String[] { "Content-Length", Integer.toString(gz ? gzip.length : body.length) });
            }
            return out;
        }

        private HttpField[] prepare(boolean gz, boolean notModified) {
            if (gz && gzip == null)
                return null;
            List<HttpField> f = new ArrayList<>();
            for (String[] h : own(gz, notModified))
                f.add(field(h[0], h[1]));
            f.add(HIT);
            return f.toArray(HttpField[]::new);
        }

        /** A header encoded once; known names carry their {@link HttpHeader}, as Jetty looks some up by it (Content-Length). */
        static HttpField field(String name, String value) {
            HttpHeader known = HttpHeader.CACHE.get(name);
            return known != null ? new PreEncodedHttpField(known, known.asString(), value) : new PreEncodedHttpField(name, value);
        }

        private static long lastModified(List<String[]> headers) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase("Last-Modified")) {
                    try {
                        return java.time.ZonedDateTime.parse(h[1], java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant().toEpochMilli();
                    } catch (RuntimeException e) {
                        return -1;
                    }
                }
            }
            return -1;
        }

        /**
         * Whether a conditional request gets 304: its If-None-Match names this answer in either encoding;
         * without one, its If-Modified-Since (epoch ms, or -1) is at or after Last-Modified (RFC 9110, 13.1.3).
         */
        boolean notModified(String ifNoneMatch, long ifModifiedSince) {
            if (ifNoneMatch != null)
                return matches(ifNoneMatch, etag);
            return lastModified >= 0 && ifModifiedSince >= 0 && lastModified <= ifModifiedSince;
        }
    }

    /** The headers of every response (CORS, browser safety), encoded once for all hits. */
    private static final HttpField[] COMMON;
    private static final HttpField HIT = Answer.field("X-Cache", "HIT");

    static {
        HttpFields.Mutable common = HttpFields.build();
        CorsFilter.allow(common);
        COMMON = common.stream().map(f -> Answer.field(f.getName(), f.getValue())).toArray(HttpField[]::new);
    }

    private final String storeId;
    private final long maxEntryBytes;
    private final Cache<String, Answer> answers;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder notModified = new LongAdder();

    public AnswerCache(String storeId, long maxBytes) {
        this.storeId = storeId;
        this.maxEntryBytes = Math.max(64 * 1024, maxBytes / 8);
        this.answers = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String k, Answer a) -> a.weight() + k.length() * 2).recordStats().build();
    }

    /** The key of a GET or HEAD (or of a POST with its form or body folded in). */
    static String key(String storeId, String kind, String path, String query, String body, String accept) {
        StringBuilder sb = new StringBuilder(storeId.length() + path.length() + 64);
        sb.append(storeId).append('\n').append(kind).append(' ').append(path);
        if (query != null && !query.isEmpty())
            sb.append('?').append(query);
        sb.append('\n');
        if (body != null)
            sb.append(body);
        sb.append('\n').append(accept == null ? "" : accept.trim());
        return sb.toString();
    }

    /** The key of a GET or HEAD request, from its raw path, raw query string and Accept header. */
    String getKey(String rawPath, String rawQuery, String accept) {
        return key(storeId, "G", rawPath, rawQuery, null, accept);
    }

    /**
     * The key of a POST: the form parameters (sorted by name, values in order) or the raw body stand
     * where a GET has its query string, so the same query gets the same answer either way.
     */
    String postKey(HttpServletRequest req, String rawBody) {
        if (rawBody != null)
            return key(storeId, "G", req.getRequestURI(), req.getQueryString(), rawBody, req.getHeader("Accept"));
        Map<String, String[]> sorted = new TreeMap<>(req.getParameterMap());
        StringBuilder form = new StringBuilder();
        sorted.forEach((k, vs) -> {
            for (String v : vs)
                form.append(k).append('=').append(v).append('&');
        });
        return key(storeId, "P", req.getRequestURI(), null, form.toString(), req.getHeader("Accept"));
    }

    /** Whether a GET with this key would be served from the cache (admission lets such requests skip the queue). */
    boolean contains(String key) {
        return answers.getIfPresent(key) != null;
    }

    /** The kept answer of a key, or null, without counting (the caller counts what it serves: {@link #hit()}). */
    Answer peek(String key) {
        return answers.getIfPresent(key);
    }

    void hit() {
        hits.increment();
    }

    void notModified() {
        notModified.increment();
    }

    Answer get(String key) {
        Answer a = answers.getIfPresent(key);
        if (a == null)
            misses.increment();
        else
            hits.increment();
        return a;
    }

    /** Keeps a finished 200 answer, if it may be kept; returns it (or a one-off answer that is not kept). */
    Answer put(String key, HttpServletResponse resp, byte[] body) {
        Answer a = answer(resp, body);
        if (body.length <= maxEntryBytes) {
            answers.put(key, a);
            stored.increment();
        }
        return a;
    }

    private static Answer answer(HttpServletResponse resp, byte[] body) {
        List<String[]> headers = new ArrayList<>();
        for (String name : resp.getHeaderNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cache-control")) {
                // Fuseki marks query answers no-store; over an immutable store they may be cached like
                // the linked data, and revalidated by their strong ETag.
                headers.add(new String[] { name, CACHE_CONTROL });
            } else if (KEPT_HEADERS.contains(lower)) {
                for (String v : resp.getHeaders(name))
                    headers.add(new String[] { name, v });
            }
        }
        if (resp.getContentType() != null && headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("Content-Type")))
            headers.add(new String[] { "Content-Type", resp.getContentType() });
        String type = resp.getContentType() == null ? "" : resp.getContentType().toLowerCase(Locale.ROOT);
        byte[] gzip = body.length >= GZIP_MIN_BYTES && compressible(type) ? gzip(body) : null;
        if (gzip != null && gzip.length >= body.length * 0.9)
            gzip = null;
        return new Answer(headers, body, gzip, "\"" + sha256(body).substring(0, 20) + "\"");
    }

    private static boolean compressible(String type) {
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("turtle") || type.contains("trig") || type.contains("n-triples") || type.contains("n-quads")
                || type.contains("sparql") || type.contains("csv");
    }

    /**
     * Writes an answer through the servlet API (a miss, or a hit that reached the servlets): 304 when the
     * client's {@code If-None-Match} names it, else the bytes, gzipped when the client accepts gzip, with
     * the strong ETag of the variant sent. Hits of GET and HEAD are normally served earlier, without the
     * servlets, by {@link CachedAnswers}, from the same prepared fields.
     */
    void write(HttpServletRequest req, HttpServletResponse resp, Answer a, boolean hit) throws IOException {
        boolean gz = a.gzip() != null && acceptsGzip(req.getHeader("Accept-Encoding"));
        boolean unchanged = a.notModified(req.getHeader("If-None-Match"),
                req.getHeader("If-None-Match") == null ? dateHeader(req) : -1);
        for (HttpField f : a.fields(gz, unchanged)) {
            String name = f.getName();
            if (f == HIT || f.getHeader() == HttpHeader.CONTENT_LENGTH)
                continue;
            if (f.getHeader() == HttpHeader.CONTENT_TYPE || f.getHeader() == HttpHeader.CACHE_CONTROL || f.getHeader() == HttpHeader.VARY
                    || f.getHeader() == HttpHeader.ETAG || f.getHeader() == HttpHeader.CONTENT_ENCODING)
                resp.setHeader(name, f.getValue());
            else if (!resp.getHeaders(name).contains(f.getValue()))
                // On a miss the route has already set its headers on this response; add each value once.
                resp.addHeader(name, f.getValue());
        }
        // Fuseki's "Pragma: no-cache" would contradict the Cache-Control of a kept answer (and a hit has none).
        if (resp.containsHeader("Pragma"))
            resp.setHeader("Pragma", null);
        resp.setHeader("X-Cache", hit ? "HIT" : "MISS");
        if (unchanged) {
            notModified.increment();
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] bytes = gz ? a.gzip() : a.body();
        resp.setStatus(200);
        resp.setContentLength(bytes.length);
        if (!"HEAD".equals(req.getMethod()))
            resp.getOutputStream().write(bytes);
    }

    private static long dateHeader(HttpServletRequest req) {
        try {
            return req.getDateHeader("If-Modified-Since");
        } catch (RuntimeException e) {
            return -1; // an unparseable date is ignored
        }
    }

    /** An If-None-Match list names this answer in either encoding (weak comparison, RFC 9110 8.8.3.2). */
    static boolean matches(String ifNoneMatch, String etag) {
        String base = etag.substring(1, etag.length() - 1);
        for (String t : ifNoneMatch.split(",")) {
            String s = t.trim();
            if (s.startsWith("W/"))
                s = s.substring(2);
            if (s.equals("*") || s.equals("\"" + base + "\"") || s.equals("\"" + base + "-gz\""))
                return true;
        }
        return false;
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null)
            return false;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";", -1);
            if (p.length > 0 && p[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < p.length; i++)
                    if (p[i].trim().replace(" ", "").matches("q=0(\\.0*)?"))
                        return false;
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 8192) { { def.setLevel(Deflater.BEST_COMPRESSION); } }) {
            z.write(body);
        } catch (IOException e) {
            return null;
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counters for {@code /$/status}: hits, misses, answers stored, 304s, evictions, entries and bytes held. */
    public Map<String, Object> counters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hits", hits.sum());
        m.put("misses", misses.sum());
        m.put("stored", stored.sum());
        m.put("notModified", notModified.sum());
        m.put("evictions", answers.stats().evictionCount());
        m.put("entries", answers.estimatedSize());
        m.put("bytes", answers.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L));
        m.put("maxBytes", answers.policy().eviction().map(e -> e.getMaximum()).orElse(0L));
        return m;
    }
}
