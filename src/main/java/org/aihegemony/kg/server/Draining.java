package org.aihegemony.kg.server;

import java.time.Duration;

import org.apache.jena.fuseki.main.FusekiServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Graceful stop (issue 11): the outermost Jetty handler counts the requests in flight, and
 * {@link Server#stop()} first stops the connectors accepting, answers new requests on open connections
 * with 503, and waits up to the stop timeout for the requests in flight to complete
 * (Jetty's {@code Graceful.shutdown} over the {@link GracefulHandler}); only then does it close.
 */
public final class Draining {
    /** Time given, beyond the query time limit, for the last response to be written. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    private Draining() {}

    /** Makes {@code server.stop()} graceful: in-flight requests get up to {@code queryTimeout} + {@link #MARGIN}. */
    static void install(FusekiServer server, Duration queryTimeout) {
        Server jetty = server.getJettyServer();
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(jetty.getHandler());
        jetty.setHandler(graceful);
        jetty.setStopTimeout(queryTimeout.plus(MARGIN).toMillis());
    }

    /**
     * Drains and stops: reports draining on {@code /$/status} at once (so load-balancer health checks
     * fail while the server still answers everything), keeps serving for {@code notice} (the time a load
     * balancer needs to see that), then stops gracefully. Returns when the server has stopped.
     */
    public static void drainAndStop(FusekiServer server, ServerStatus status, Duration notice) {
        status.drain();
        try {
            Thread.sleep(Math.max(0, notice.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
    }
}
