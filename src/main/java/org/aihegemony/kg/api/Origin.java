package org.aihegemony.kg.api;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a client reached this server by ({@code http://host:port}), for the few absolute URLs the API
 * pages show (the pandas example): taken from the request's {@code Host}, so they follow whatever host and
 * port serve the page. A {@code Host} that is not a plain host[:port] is not echoed; the connection's own
 * address is used instead.
 */
final class Origin {
    /** What the documents are written with; replaced per request. */
    static final String PLACEHOLDER = "http://localhost:3030";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private Origin() {}

    static String of(HttpServletRequest req) {
        String scheme = "https".equalsIgnoreCase(req.getScheme()) ? "https" : "http";
        String host = req.getHeader("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            String name = req.getLocalAddr() == null ? "localhost" : req.getLocalAddr();
            host = (name.contains(":") ? "[" + name + "]" : name) + ":" + req.getLocalPort();
        }
        return scheme + "://" + host;
    }

    /** The text with the placeholder address replaced by the request's. */
    static String localise(String text, HttpServletRequest req) {
        return text.replace(PLACEHOLDER, of(req));
    }
}
