package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Writing whole responses: bodies are built first, then sent with their length (nothing on HEAD). */
public final class Respond {
    private Respond() {}

    public static void bytes(HttpServletRequest req, HttpServletResponse resp, int status, String contentType, byte[] body)
            throws IOException {
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setContentLength(body.length);
        if (!"HEAD".equals(req.getMethod()))
            resp.getOutputStream().write(body);
    }

    public static void text(HttpServletRequest req, HttpServletResponse resp, int status, String message) throws IOException {
        bytes(req, resp, status, "text/plain;charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void html(HttpServletRequest req, HttpServletResponse resp, int status, String html) throws IOException {
        bytes(req, resp, status, "text/html;charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** 303 See Other to a path of this server; the choice depended on Accept. */
    public static void seeOther(HttpServletResponse resp, String location) {
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", location);
        resp.addHeader("Vary", "Accept");
        resp.setHeader("Cache-Control", HttpCaching.CACHE_CONTROL);
        resp.setContentLength(0);
    }

    public static void notAcceptable(HttpServletRequest req, HttpServletResponse resp, String what, java.util.List<RdfFormat> formats,
            boolean html) throws IOException {
        resp.addHeader("Vary", "Accept");
        text(req, resp, HttpServletResponse.SC_NOT_ACCEPTABLE, "Not acceptable: " + req.getHeader("Accept") + ". "
                + what + " is offered as " + RdfFormat.describe(formats) + (html ? ", text/html" : ""));
    }
}
