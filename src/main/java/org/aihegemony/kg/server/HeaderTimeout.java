package org.aihegemony.kg.server;

import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request line and headers take too long to arrive — a client that sends
 * them a byte every few seconds is never idle, so the idle timeout alone would keep it forever.
 * Every half period each connection is looked at; one found twice in a row in the middle of the same
 * request's headers (no new request in between) has taken at least the period, and is closed. Jetty
 * parses headers without a thread, so such clients only ever cost a connection; this gives it back.
 */
final class HeaderTimeout implements Connection.Listener {
    private final Scheduler scheduler;
    private final long halfMillis;

    HeaderTimeout(Scheduler scheduler, long timeoutMillis) {
        this.scheduler = scheduler;
        this.halfMillis = Math.max(1, timeoutMillis / 2);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http)
            new Watch(http).schedule();
    }

    private final class Watch implements Runnable {
        private final HttpConnection http;
        private long lastMessages = -1;
        private boolean midHeadersLastTime;

        Watch(HttpConnection http) {
            this.http = http;
        }

        void schedule() {
            scheduler.schedule(this, halfMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!http.getEndPoint().isOpen())
                return;
            boolean midHeaders = http.getParser().inHeaderState() && !http.getParser().isStart();
            long messages = http.getMessagesIn();
            if (midHeaders && midHeadersLastTime && messages == lastMessages) {
                http.getEndPoint().close();
                return;
            }
            midHeadersLastTime = midHeaders;
            lastMessages = messages;
            schedule();
        }
    }
}
