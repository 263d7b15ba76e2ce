package org.aihegemony.kg.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.apache.jena.atlas.json.JsonBoolean;
import org.apache.jena.atlas.json.JsonNull;
import org.apache.jena.atlas.json.JsonNumber;
import org.apache.jena.atlas.json.JsonString;

/**
 * {@code GET /$/status}: the {@link ServerStatus} as JSON; 200 while ready, 503 while draining (same body,
 * {@code "state": "draining"}), never cached. {@code /$/ping} stays the liveness check.
 */
final class StatusServlet extends HttpServlet {
    private final ServerStatus status;

    StatusServlet(ServerStatus status) {
        this.status = status;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = (JSON.toString(toJson(status.report())) + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status.draining() ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        if (status.draining())
            resp.setHeader("Connection", "close");
        resp.setContentLength(body.length);
        if (!"HEAD".equals(req.getMethod()))
            resp.getOutputStream().write(body);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        doGet(req, resp);
    }

    /** A map of strings, numbers, booleans, nested maps (and anything else as its string) as JSON. */
    static JsonValue toJson(Object v) {
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.put(String.valueOf(k), toJson(x)));
            return o;
        }
        if (v instanceof Boolean b)
            return new JsonBoolean(b);
        if (v instanceof Long || v instanceof Integer || v instanceof Short)
            return JsonNumber.value(((Number) v).longValue());
        if (v instanceof Number n)
            return JsonNumber.value(n.doubleValue());
        return v == null ? JsonNull.instance : new JsonString(String.valueOf(v));
    }
}
