package org.aihegemony.kg.server;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Admission control, below the servlets, so that no client can hold what others need:
 * <ol>
 * <li>a minimum upload rate and a time limit on the body: a client that trickles its body is cut with 408;</li>
 * <li>a cap on the body: larger than {@link ServerLimits#maxBodyBytes()} is 413, before it is read;</li>
 * <li>the body is read in full <em>without</em> a thread (Jetty's {@link EagerContentHandler}), so slow
 * uploads wait on the network, not in the worker pool that answers everyone;</li>
 * <li>a bound on the requests that run queries at once, with a short wait list; beyond it, 503 with
 * {@code Retry-After}, as public SPARQL services do. Health checks and the jar's own files are never
 * queued.</li>
 * </ol>
 */
final class Admission {
    /** Below this many bytes a second (after a short grace), an upload is cut. */
    static final long MIN_UPLOAD_BYTES_PER_SECOND = 1024;
    /** How long a body may take before the rate applies: the network's first round trips. */
    static final long GRACE_NANOS = 2_000_000_000L;
    /** Seconds a client is asked to wait before retrying when the query slots are full. */
    static final int RETRY_AFTER_SECONDS = 2;

    private Admission() {}

    /** Paths whose requests never run a query: always admitted. */
    static final String[] UNQUEUED = { "/$/ping", "/$/status", "/static/*", "/yasgui/*", "/api-docs/*", "/favicon.ico" };

    static Handler wrap(Handler application, ServerLimits limits, AnswerCache cache) {
        Predicate<Request> cached = r -> cache != null
                && ("GET".equals(r.getMethod()) || "HEAD".equals(r.getMethod()))
                && cache.contains(cache.getKey(r.getHttpURI().getPath(), r.getHttpURI().getQuery(),
                        r.getHeaders().get(HttpHeader.ACCEPT)));
        QuerySlots slots = new QuerySlots(new QueryQueue(application, limits, cached), limits, cached);
        BodyCheck check = new BodyCheck(slots);
        EagerContentHandler eager = new EagerContentHandler(check,
                new EagerContentHandler.RetainedContentLoaderFactory(limits.maxBodyBytes() + 1, -1, true));
        SizeLimitHandler size = new SizeLimitHandler(limits.maxBodyBytes(), -1);
        size.setHandler(eager);
        return new UploadPace(size, limits.bodyTimeout().toNanos());
    }

    /**
     * Cuts an upload that is too slow: once past a short grace, a body that arrives at under
     * {@link #MIN_UPLOAD_BYTES_PER_SECOND}, or is not complete within the body timeout, ends in a
     * failure that {@link BodyCheck} answers with 408. A client that sends nothing at all is closed by
     * the connection's idle timeout.
     */
    static final class UploadPace extends Handler.Wrapper {
        private final long limitNanos;

        UploadPace(Handler next, long limitNanos) {
            super(next);
            this.limitNanos = limitNanos;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return super.handle(new Request.Wrapper(request) {
                private final long start = NanoTime.now();
                private long read;
                private Content.Chunk failure;

                @Override
                public Content.Chunk read() {
                    if (failure != null)
                        return failure;
                    Content.Chunk c = super.read();
                    if (c != null)
                        read += c.remaining();
                    return c;
                }

                @Override
                public void demand(Runnable demandCallback) {
                    long elapsed = NanoTime.since(start);
                    boolean tooLong = elapsed > limitNanos;
                    boolean tooSlow = elapsed > GRACE_NANOS && read * 1_000_000_000L / elapsed < MIN_UPLOAD_BYTES_PER_SECOND;
                    if (tooLong || tooSlow) {
                        failure = Content.Chunk.from(new TimeoutException(tooLong ? "body not complete in time" : "body too slow"));
                        demandCallback.run();
                        return;
                    }
                    super.demand(demandCallback);
                }
            }, response, callback);
        }
    }

    /**
     * Refuses a request whose body ended in a failure while it was read ahead (cut for being too slow,
     * or the client went away), with one line and no stack trace; other requests pass with their body.
     */
    static final class BodyCheck extends Handler.Wrapper {
        BodyCheck(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            // The body was read ahead in full (or up to a failure): look at every chunk before a route does.
            java.util.ArrayDeque<Content.Chunk> chunks = new java.util.ArrayDeque<>();
            Content.Chunk c;
            while ((c = request.read()) != null) {
                if (Content.Chunk.isFailure(c)) {
                    chunks.forEach(Content.Chunk::release);
                    Throwable why = c.getFailure();
                    boolean slow = why instanceof TimeoutException;
                    Response.writeError(request, response, callback, slow ? HttpStatus.REQUEST_TIMEOUT_408 : HttpStatus.BAD_REQUEST_400,
                            slow ? "The request body arrived too slowly (it must come at " + MIN_UPLOAD_BYTES_PER_SECOND
                                    + " bytes/s or more and be complete within the body time limit)"
                                 : "The request body could not be read");
                    return true;
                }
                chunks.add(c);
                if (c.isLast())
                    break;
            }
            if (chunks.isEmpty())
                return super.handle(request, response, callback);
            Request.addCompletionListener(request, x -> {
                Content.Chunk left;
                while ((left = chunks.pollFirst()) != null)
                    left.release();
            });
            return super.handle(new Request.Wrapper(request) {
                @Override
                public Content.Chunk read() {
                    Content.Chunk next = chunks.pollFirst();
                    return next != null ? next : super.read();
                }
            }, response, callback);
        }
    }

    /**
     * A bound on the requests that may run or wait for a query slot: past running + waiting, 503 with
     * {@code Retry-After} at once, without queueing. (Jetty 12.1.1's QoS handler answers that case with
     * an empty 503 and no Retry-After, so the count is kept here.)
     */
    static final class QuerySlots extends Handler.Wrapper {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final int capacity;
        private final Predicate<Request> cached;

        QuerySlots(Handler next, ServerLimits limits, Predicate<Request> cached) {
            super(next);
            this.capacity = limits.runningQueries() + limits.queuedQueries();
            this.cached = cached;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            // Answers the cache holds are served without a slot: they never touch the store.
            if (unqueued(Request.getPathInContext(request)) || cached.test(request))
                return super.handle(request, response, callback);
            if (inFlight.incrementAndGet() > capacity) {
                inFlight.decrementAndGet();
                busy(request, response, callback, "the server is busy (" + capacity + " requests running or waiting)");
                return true;
            }
            Request.addCompletionListener(request, x -> inFlight.decrementAndGet());
            return super.handle(request, response, callback);
        }
    }

    static boolean unqueued(String path) {
        for (String p : UNQUEUED) {
            if (p.endsWith("/*") ? path.startsWith(p.substring(0, p.length() - 1)) : path.equals(p))
                return true;
        }
        return false;
    }

    /** Jetty's QoS handler: runs a few query requests at once; others wait a short time, then get 503. */
    static final class QueryQueue extends QoSHandler {
        QueryQueue(Handler next, ServerLimits limits, Predicate<Request> cached) {
            super(next);
            setMaxRequestCount(limits.runningQueries());
            setMaxSuspendedRequestCount(limits.queuedQueries());
            setMaxSuspend(limits.queueWait());
            excludePath(UNQUEUED);
            exclude(cached);
        }

        @Override
        protected void failSuspended(Request request, Response response, Callback callback, int status, Throwable failure) {
            if (failure instanceof TimeoutException)
                busy(request, response, callback, "no query slot became free within " + getMaxSuspend().toSeconds() + " s");
            else
                super.failSuspended(request, response, callback, status, failure);
        }
    }

    static void busy(Request request, Response response, Callback callback, String why) {
        response.getHeaders().put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                "Overloaded: " + why + "; retry after " + RETRY_AFTER_SECONDS + " s");
    }
}
