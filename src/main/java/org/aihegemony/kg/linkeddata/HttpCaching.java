package org.aihegemony.kg.linkeddata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Validators and freshness for the read-only responses. The store never changes once built, so a
 * response is determined by the store's content hash, this program's version and the variant
 * (format, page kind): the ETag is derived from those, {@code Last-Modified} is the build time, and a
 * request whose {@code If-None-Match} (or, without it, {@code If-Modified-Since}) matches gets
 * {@code 304 Not Modified}. ETags are weak: equal ones promise the same content, not the same bytes
 * (blank-node order may differ between runs).
 */
public final class HttpCaching {
    /** Freshness of data and pages: a rebuilt store is seen within ten minutes, or at once on revalidation. */
    static final String CACHE_CONTROL = "public, max-age=600";
    /** Freshness of the jar's own files (CSS, the query editor). */
    static final String ASSET_CACHE_CONTROL = "public, max-age=86400";

    private final String tag;
    private final Instant lastModified;

    public HttpCaching(String storeHash, Instant builtAt, String programVersion) {
        this.tag = sha256(storeHash + "|" + programVersion).substring(0, 16);
        this.lastModified = builtAt.truncatedTo(ChronoUnit.SECONDS);
    }

    public String etag(String variant) {
        return "W/\"" + tag + "-" + variant + "\"";
    }

    public Instant lastModified() { return lastModified; }

    /**
     * Sets ETag, Last-Modified and Cache-Control for a variant; when the client's copy is current,
     * answers 304 and returns true (the caller then writes nothing).
     */
    public boolean notModified(HttpServletRequest req, HttpServletResponse resp, String variant) {
        return notModified(req, resp, etag(variant), lastModified, CACHE_CONTROL);
    }

    static boolean notModified(HttpServletRequest req, HttpServletResponse resp, String etag, Instant modified,
            String cacheControl) {
        resp.setHeader("ETag", etag);
        if (modified != null)
            resp.setDateHeader("Last-Modified", modified.toEpochMilli());
        resp.setHeader("Cache-Control", cacheControl);
        String inm = req.getHeader("If-None-Match");
        boolean match;
        if (inm != null) {
            match = matches(inm, etag);
        } else {
            long ims = -1;
            try {
                ims = req.getDateHeader("If-Modified-Since");
            } catch (IllegalArgumentException e) {
                // An unparseable date is ignored (RFC 9110, 13.1.3).
            }
            match = modified != null && ims >= 0 && modified.toEpochMilli() <= ims;
        }
        if (match && ("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return true;
        }
        return false;
    }

    /** Weak comparison (RFC 9110, 8.8.3.2) of an If-None-Match list against our tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        String ours = opaque(etag);
        for (String t : ifNoneMatch.split(",")) {
            String s = t.trim();
            if (s.equals("*") || opaque(s).equals(ours))
                return true;
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
