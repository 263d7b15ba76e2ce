package org.aihegemony.kg.server;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.eclipse.jetty.http.HttpFields;

/**
 * CORS for a public, read-only server: every response says {@code Access-Control-Allow-Origin: *}, so
 * a notebook or web page on any site can query the endpoint and fetch the linked data, and a preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here with 204.
 * <p>
 * Fuseki's own {@code enableCors(true)} is not used: it echoes the caller's origin together with
 * {@code Access-Control-Allow-Credentials: true} and offers PUT, DELETE and PATCH, none of which this
 * server has; no credentials exist here, so the plain wildcard is both simpler and what the
 * linked-data conventions expect.
 * <p>
 * The same filter puts the browser-safety headers ({@link WebSafety}) on every response, so both survive
 * a later filter's reset; the server's own errors get both from {@link KgErrorHandler}.
 */
final class CorsFilter implements Filter {
    static final String METHODS = "GET, HEAD, POST, OPTIONS";
    static final String ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since, Cache-Control, X-Requested-With";
    static final String EXPOSED_HEADERS = "ETag, Last-Modified, Location, Content-Location, Link, Vary, Content-Length, Retry-After, X-Cache";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        allow(resp);
        if ("OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null) {
            resp.setHeader("Access-Control-Allow-Methods", METHODS);
            String asked = req.getHeader("Access-Control-Request-Headers");
            resp.setHeader("Access-Control-Allow-Headers", asked != null && !asked.isBlank() ? asked : ALLOWED_HEADERS);
            resp.setHeader("Access-Control-Max-Age", "86400");
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        // A later filter may reset the response to replace it with an error (a query past its time
        // limit); the CORS headers must survive that, or the browser hides the error from the caller.
        chain.doFilter(request, new HttpServletResponseWrapper(resp) {
            @Override
            public void reset() {
                super.reset();
                allow(resp);
            }
        });
    }

    private static void allow(HttpServletResponse resp) {
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        WebSafety.headers(resp::setHeader);
    }

    /** The same headers on a response made below the servlets (Jetty's own errors, refusals). */
    static void allow(HttpFields.Mutable h) {
        h.put("Access-Control-Allow-Origin", "*");
        h.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        WebSafety.headers(h::put);
    }
}
