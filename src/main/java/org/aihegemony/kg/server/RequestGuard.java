package org.aihegemony.kg.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.aihegemony.kg.linkeddata.Negotiation;

/**
 * Refuses, before any route sees it, what no route can answer — each with a 4xx and one line that
 * names what was wrong:
 * <ul>
 * <li>writes of any kind (SPARQL Update, Graph Store PUT/POST/DELETE/PATCH, any other method): 405 with
 * {@code Allow}, saying the service is read-only and how the data changes;</li>
 * <li>a malformed {@code Accept} header: 400;</li>
 * <li>a query string or form body that is not valid UTF-8: 400 naming the parameter.</li>
 * </ul>
 */
final class RequestGuard implements Filter {
    /** Paths that answer SPARQL queries, by GET and by POST. */
    private static final Set<String> QUERY_PATHS = Set.of(KgServer.DATASET, KgServer.DATASET + "/sparql", KgServer.DATASET + "/query");
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String SPARQL_QUERY = "application/sparql-query";
    private static final String SPARQL_UPDATE = "application/sparql-update";
    static final String READ_ONLY = "This server is read-only: its data changes only when the sources "
            + "(ontology/ and rdf/) are edited and the store is built again ('build'), then served.";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        String method = req.getMethod();
        String path = req.getRequestURI();
        boolean queryPath = QUERY_PATHS.contains(path);
        boolean postable = queryPath || path.startsWith("/queries/");
        if (method.equals("OPTIONS")) {
            chain.doFilter(request, response);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !(method.equals("POST") && postable)) {
            refuse(resp, postable, method + " is not allowed on " + path + ". " + READ_ONLY);
            return;
        }
        String accept = req.getHeader("Accept");
        if (accept != null && !Negotiation.wellFormed(accept)) {
            plain(resp, 400, "Malformed Accept header: '" + KgErrorHandler.oneLine(accept)
                    + "' (each item must be a media range such as text/turtle or */*, optionally with ;q=0.5)");
            return;
        }
        String badQueryString = invalidUtf8Parameter(req.getQueryString());
        if (badQueryString != null) {
            plain(resp, 400, "The query string is not valid UTF-8 (parameter '" + badQueryString + "')");
            return;
        }
        // The raw header: the servlet API's getContentType() throws on a charset Java does not know.
        String rawType = req.getHeader("Content-Type");
        String type = mime(rawType);
        String charset = charset(rawType);
        if (charset != null && !supported(charset)) {
            plain(resp, 415, "Unsupported charset '" + KgErrorHandler.oneLine(charset) + "' in Content-Type: send UTF-8");
            return;
        }
        if (method.equals("POST")) {
            if (queryPath && SPARQL_UPDATE.equals(type)) {
                refuse(resp, true, "SPARQL Update is not offered. " + READ_ONLY);
                return;
            }
            if (queryPath && type != null && !type.equals(FORM) && !type.equals(SPARQL_QUERY)) {
                refuse(resp, true, "POST of " + type + " to " + path + " would write data (Graph Store Protocol). " + READ_ONLY);
                return;
            }
        }
        if (FORM.equals(type)) {
            try {
                req.getParameterMap();
            } catch (RuntimeException e) {
                plain(resp, 400, "The form body is not valid application/x-www-form-urlencoded UTF-8 text");
                return;
            }
            if (queryPath && req.getParameter("update") != null && req.getParameter("query") == null) {
                refuse(resp, true, "SPARQL Update is not offered. " + READ_ONLY);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String mime(String contentType) {
        if (contentType == null)
            return null;
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The charset parameter of a Content-Type header, or null. */
    static String charset(String contentType) {
        if (contentType == null)
            return null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.regionMatches(true, 0, "charset=", 0, 8))
                return t.substring(8).trim().replace("\"", "");
        }
        return null;
    }

    private static boolean supported(String charset) {
        try {
            return java.nio.charset.Charset.isSupported(charset);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse resp, boolean postable, String message) throws IOException {
        resp.setHeader("Allow", postable ? "GET, HEAD, POST, OPTIONS" : "GET, HEAD, OPTIONS");
        plain(resp, 405, message);
    }

    static void plain(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("text/plain;charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /**
     * The name of the first parameter of a raw query string whose percent-decoded bytes are not UTF-8
     * (or whose escapes are broken), or null when all are well formed.
     */
    static String invalidUtf8Parameter(String queryString) {
        if (queryString == null || queryString.isEmpty())
            return null;
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!decodes(pair))
                return decodes(name) ? decode(name) : "?";
        }
        return null;
    }

    private static boolean decodes(String s) {
        return decode(s) != null;
    }

    /** Percent-decodes as UTF-8 strictly; null when an escape is broken or the bytes are not UTF-8. */
    private static String decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length())
                    return null;
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0)
                    return null;
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
