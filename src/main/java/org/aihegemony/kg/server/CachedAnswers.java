package org.aihegemony.kg.server;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the {@link AnswerCache}'s kept answers to GET and HEAD ahead of everything else (issue 9): a hit
 * is written here, with the header block its answer prepared once, and never reaches admission, gzip or
 * the servlets. A profile of a saved query's hit through the servlet filter put about 70 % of the time in
 * Jetty's handler chain and servlet layer; a static file server does none of that.
 * <p>
 * Only what the servlets would answer the same way is served here: a GET or HEAD whose key (path, raw
 * query string, {@code Accept}) is kept — so the same request already passed {@link RequestGuard}'s checks
 * of that Accept header and query string — and that has no {@code Content-Type} (the one other header the
 * guard looks at on a GET). Everything else goes on, to {@link CompleteResponseFilter} and the routes.
 */
final class CachedAnswers extends Handler.Wrapper {
    private final AnswerCache cache;

    CachedAnswers(Handler next, AnswerCache cache) {
        super(next);
        this.cache = cache;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method))
            return super.handle(request, response, callback);
        HttpFields in = request.getHeaders();
        if (in.contains(HttpHeader.CONTENT_TYPE))
            return super.handle(request, response, callback);
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (path == null || path.startsWith(CompleteResponseFilter.PASS[0]) || path.startsWith(CompleteResponseFilter.PASS[1]))
            return super.handle(request, response, callback);
        AnswerCache.Answer a = cache.peek(cache.getKey(path, uri.getQuery(), in.get(HttpHeader.ACCEPT)));
        if (a == null)
            return super.handle(request, response, callback);
        cache.hit();
        boolean gz = a.gzip() != null && AnswerCache.acceptsGzip(in.get(HttpHeader.ACCEPT_ENCODING));
        String ifNoneMatch = in.get(HttpHeader.IF_NONE_MATCH);
        boolean unchanged = a.notModified(ifNoneMatch, ifNoneMatch == null ? ifModifiedSince(in) : -1);
        a.addTo(response.getHeaders(), gz, unchanged);
        if (unchanged) {
            cache.notModified();
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.write(true, head ? null : ByteBuffer.wrap(gz ? a.gzip() : a.body()), callback);
        return true;
    }

    private static long ifModifiedSince(HttpFields in) {
        if (!in.contains(HttpHeader.IF_MODIFIED_SINCE))
            return -1;
        try {
            return in.getDateField(HttpHeader.IF_MODIFIED_SINCE.asString());
        } catch (RuntimeException e) {
            return -1; // an unparseable date is ignored
        }
    }
}
