package org.aihegemony.kg.server;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Makes a Graph Store Protocol read of the default graph ({@code ?default}) return the union of the
 * named graphs, as a SPARQL query sees it. TDB2 applies its union-default-graph setting to queries
 * only; without this, {@code GET /kg/get?default} would answer with the (empty) stored default graph.
 */
public final class UnionDefaultGraphFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest req && req.getParameter("default") != null
                && req.getParameter("graph") == null && req.getParameter("query") == null
                && ("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()))) {
            chain.doFilter(new UnionRequest(req), response);
            return;
        }
        chain.doFilter(request, response);
    }

    static final class UnionRequest extends HttpServletRequestWrapper {
        private final Map<String, String[]> params;

        UnionRequest(HttpServletRequest req) {
            super(req);
            Map<String, String[]> p = new LinkedHashMap<>(req.getParameterMap());
            p.remove("default");
            p.put("graph", new String[] { "union" });
            params = Collections.unmodifiableMap(p);
        }

        @Override public String getParameter(String name) {
            String[] v = params.get(name);
            return v == null || v.length == 0 ? null : v[0];
        }
        @Override public Map<String, String[]> getParameterMap() { return params; }
        @Override public Enumeration<String> getParameterNames() { return Collections.enumeration(params.keySet()); }
        @Override public String[] getParameterValues(String name) { return params.get(name); }
        @Override public String getQueryString() { return "graph=union"; }
    }
}
