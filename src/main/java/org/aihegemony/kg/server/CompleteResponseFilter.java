package org.aihegemony.kg.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Holds a response until it is complete, so a client never gets a {@code 200} with a broken
 * body, and serves finished answers from the {@link AnswerCache} when there is one (issue 9): a hit
 * never reaches a route; a miss is held here once, kept if it may be, and written from the same bytes.
 * <p>
 * Why hold: Fuseki streams results: a query that times out (or a result that grows past what we are
 * willing to hold) mid-stream would otherwise end as a truncated, unparseable 200. Here such a
 * response becomes a clean {@code 503} with a message instead. Responses are small for this graph,
 * so holding them costs little; the cap bounds the worst case.
 */
public final class CompleteResponseFilter implements Filter {
    /** Paths never held nor cached: health and status (always fresh) and the dump files (streamed). */
    static final String[] PASS = { "/$/", "/dumps/" };

    private final long maxBytes;
    private final long timeoutSeconds;
    private final AnswerCache cache;

    public CompleteResponseFilter(long maxBytes, long timeoutSeconds) {
        this(maxBytes, timeoutSeconds, null);
    }

    /** @param cache the answer cache, or null to hold responses without keeping them */
    public CompleteResponseFilter(long maxBytes, long timeoutSeconds, AnswerCache cache) {
        this.maxBytes = maxBytes;
        this.timeoutSeconds = timeoutSeconds;
        this.cache = cache;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        String method = req.getMethod();
        String path = req.getRequestURI();
        boolean get = "GET".equals(method), head = "HEAD".equals(method), post = "POST".equals(method);
        if (!(get || head || post) || path.startsWith(PASS[0]) || path.startsWith(PASS[1])) {
            chain.doFilter(request, response);
            return;
        }
        String key = null;
        HttpServletRequest forward = req;
        if (cache != null) {
            if (post) {
                String type = req.getHeader("Content-Type") == null ? "" : req.getHeader("Content-Type").toLowerCase(java.util.Locale.ROOT);
                if (type.startsWith("application/sparql-query")) {
                    byte[] body = req.getInputStream().readAllBytes();
                    forward = new ReplayedBody(req, body);
                    key = cache.postKey(req, new String(body, StandardCharsets.UTF_8));
                } else if (type.isEmpty() || type.startsWith("application/x-www-form-urlencoded")) {
                    key = cache.postKey(req, null);
                }
            } else {
                key = cache.getKey(path, req.getQueryString(), req.getHeader("Accept"));
            }
            AnswerCache.Answer hit = key == null ? null : cache.get(key);
            if (hit != null) {
                cache.write(req, resp, hit, true);
                return;
            }
        }
        if (head) {
            chain.doFilter(request, response);
            return;
        }
        HoldingResponse held = new HoldingResponse(resp, maxBytes);
        try {
            chain.doFilter(forward, held);
        } catch (TooLarge e) {
            // Reported below.
        }
        if (key != null && held.completeOk()) {
            cache.write(req, resp, cache.put(key, resp, held.buffer.toByteArray()), false);
            return;
        }
        held.finish(timeoutSeconds);
    }

    /** A request whose body, already read for the cache key, is read again by the route. */
    static final class ReplayedBody extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedBody(HttpServletRequest req, byte[] body) {
            super(req);
            this.body = body;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
            return new jakarta.servlet.ServletInputStream() {
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(jakarta.servlet.ReadListener l) { throw new UnsupportedOperationException(); }
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }

    /** Thrown (as an IOException, which Fuseki treats as a broken connection) when the cap is passed. */
    static final class TooLarge extends IOException {
        TooLarge(long max) { super("Response larger than " + max + " bytes"); }
    }

    static final class HoldingResponse extends HttpServletResponseWrapper {
        private final HttpServletResponse real;
        private final long maxBytes;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
        private int status = 200;
        private int statusAtFirstWrite = -1;
        private boolean errorSent;
        private boolean overflow;
        private ServletOutputStream out;
        private PrintWriter writer;

        HoldingResponse(HttpServletResponse real, long maxBytes) {
            super(real);
            this.real = real;
            this.maxBytes = maxBytes;
        }

        private void wrote(int n) throws TooLarge {
            if (statusAtFirstWrite < 0)
                statusAtFirstWrite = status;
            if (buffer.size() + (long) n > maxBytes) {
                overflow = true;
                throw new TooLarge(maxBytes);
            }
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (out == null) {
                out = new ServletOutputStream() {
                    @Override public boolean isReady() { return true; }
                    @Override public void setWriteListener(WriteListener l) { throw new UnsupportedOperationException(); }
                    @Override public void write(int b) throws IOException {
                        if (errorSent || overflow) return;
                        wrote(1);
                        buffer.write(b);
                    }
                    @Override public void write(byte[] b, int off, int len) throws IOException {
                        if (errorSent || overflow) return;
                        wrote(len);
                        buffer.write(b, off, len);
                    }
                };
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String enc = getCharacterEncoding();
                Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), cs));
            }
            return writer;
        }

        @Override public void setStatus(int sc) { status = sc; }
        @Override public int getStatus() { return status; }
        @Override public void setContentLength(int len) { }
        @Override public void setContentLengthLong(long len) { }
        @Override public void setBufferSize(int size) { }
        @Override public int getBufferSize() { return (int) Math.min(Integer.MAX_VALUE, maxBytes); }
        @Override public void flushBuffer() { }
        @Override public boolean isCommitted() { return errorSent; }
        @Override public void resetBuffer() { buffer.reset(); statusAtFirstWrite = -1; }
        @Override public void reset() { super.reset(); resetBuffer(); status = 200; }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            if (errorSent) return;
            errorSent = true;
            buffer.reset();
            real.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            if (errorSent) return;
            errorSent = true;
            buffer.reset();
            real.sendError(sc);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            errorSent = true;
            real.sendRedirect(location);
        }

        private void plain(int sc, String message) throws IOException {
            real.reset();
            real.setStatus(sc);
            real.setContentType("text/plain;charset=utf-8");
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            real.setContentLength(body.length);
            real.getOutputStream().write(body);
        }

        /** Whether the route finished a 200 answer that may be kept: no error, nothing cut, not too large. */
        boolean completeOk() {
            if (errorSent || overflow || real.isCommitted() || status != 200)
                return false;
            if (writer != null)
                writer.flush();
            return statusAtFirstWrite < 0 || statusAtFirstWrite == 200;
        }

        void finish(long timeoutSeconds) throws IOException {
            if (errorSent || real.isCommitted())
                return;
            if (writer != null)
                writer.flush();
            if (overflow) {
                plain(503, "Result larger than " + (maxBytes / (1024 * 1024))
                        + " MiB; narrow the query or add a LIMIT");
                return;
            }
            boolean startedOk = statusAtFirstWrite >= 200 && statusAtFirstWrite < 300;
            if (startedOk && (status < 200 || status >= 300)) {
                // Fuseki reports a timeout during streaming by changing the status after writing.
                plain(503, "Query timed out (limit " + timeoutSeconds + " s)");
                return;
            }
            real.setStatus(status);
            real.setContentLengthLong(buffer.size());
            if (buffer.size() > 0)
                buffer.writeTo(real.getOutputStream());
        }
    }
}
