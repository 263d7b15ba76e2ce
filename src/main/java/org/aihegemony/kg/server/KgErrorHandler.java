package org.aihegemony.kg.server;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The body of every error the server itself makes (a URL Jetty refuses, a body too large, a request
 * cut for sending too slowly, an error a servlet sends without a body): one line of plain text that
 * says what was wrong, with the CORS and safety headers every other response has, never an HTML page
 * or a stack trace. Errors the application writes itself keep their own bodies.
 */
final class KgErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        String message = (String) request.getAttribute(ERROR_MESSAGE);
        Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
        if (cause instanceof HttpException http) {
            code = http.getCode();
            response.setStatus(code);
            if (message == null)
                message = http.getReason();
        }
        CorsFilter.allow(response.getHeaders());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpStatus.hasNoBody(code) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        String reason = HttpStatus.getMessage(code);
        String line = code + " " + reason;
        if (message != null && !message.isBlank() && !message.equals(reason))
            line += ": " + oneLine(message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, line + "\n", callback);
        return true;
    }

    /** The first line of a message, at most 300 characters, so that no trace or echoed input floods a client. */
    static String oneLine(String message) {
        String s = message.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0)
            s = s.substring(0, nl).strip();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
