package org.aihegemony.kg.server;

import java.net.BindException;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.api.ApiDocsServlet;
import org.aihegemony.kg.api.OpenApiServlet;
import org.aihegemony.kg.api.SavedQueryServlet;
import org.aihegemony.kg.linkeddata.AssetServlet;
import org.aihegemony.kg.linkeddata.Base;
import org.aihegemony.kg.linkeddata.DataServlet;
import org.aihegemony.kg.linkeddata.DumpServlet;
import org.aihegemony.kg.linkeddata.GraphDocumentServlet;
import org.aihegemony.kg.linkeddata.HomeServlet;
import org.aihegemony.kg.linkeddata.GraphServlet;
import org.aihegemony.kg.linkeddata.IdServlet;
import org.aihegemony.kg.linkeddata.PageServlet;
import org.aihegemony.kg.linkeddata.ServiceDescriptionFilter;
import org.aihegemony.kg.linkeddata.Site;
import org.aihegemony.kg.linkeddata.TermServlet;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.store.KgStore;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.server.DataService;
import org.apache.jena.fuseki.server.Operation;
import org.apache.jena.sparql.core.DatasetGraph;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

/**
 * The one place where the HTTP server is wired: an embedded Fuseki serving the store read-only at
 * {@code /kg}.
 * <ul>
 * <li>{@code /kg/sparql}, {@code /kg/query} and {@code /kg?query=}: SPARQL 1.1 query, GET and POST;</li>
 * <li>{@code /kg/get}: Graph Store Protocol, reads only;</li>
 * <li>{@code /$/ping}: health (liveness); {@code /$/status}: store id, ready or draining ({@link ServerStatus});</li>
 * <li>{@code /}, {@code /id/*}, {@code /data/*}, {@code /page/*}, {@code /ontology}, {@code /term/*},
 * {@code /.well-known/void}, {@code /dumps/*}: linked data (package {@code linkeddata}), with CORS for every
 * response and gzip when asked.</li>
 * <li>{@code /queries}, {@code /openapi.json}, {@code /api-docs}: the saved queries as a web API
 * ({@link SavedQueryServlet}).</li>
 * </ul>
 * No update, Graph Store write or patch endpoint exists: writes get 405 ({@link RequestGuard}). SERVICE is
 * refused and the time limit set in the dataset's context ({@link KgStore#configure}) and, from the moment
 * a query's text is read, by {@link BoundedQueryService}; every query response is held until complete
 * ({@link CompleteResponseFilter}).
 * <p>
 * Kept answers to GET and HEAD are written by {@link CachedAnswers}, ahead of admission and the servlets;
 * everything else goes through the chain below.
 * <p>
 * Everything a client can take is bounded here ({@link ServerLimits}): worker threads, connections,
 * queries running and waiting ({@link Admission}), body and URL size, idle connections and slow
 * uploads. The server's own errors are one line of text with CORS ({@link KgErrorHandler}).
 */
public final class KgServer {
    /** The dataset's path. */
    public static final String DATASET = "/kg";
    /**
     * Jetty's output buffer per response. Fuseki's default, 5 MiB allocated afresh for every request,
     * capped throughput near 470 requests/s at 2-3.5 GB resident; 32 KiB does not limit our responses
     * (they are held whole by {@link CompleteResponseFilter} anyway). See benchmarks in the README; the
     * system property {@code aihegemony.outputBufferBytes} exists so the benchmark can compare.
     */
    static final int OUTPUT_BUFFER_BYTES = Integer.getInteger("aihegemony.outputBufferBytes", 32 * 1024);

    private KgServer() {}

    /** Builds and starts the server over an opened store, without saved queries. */
    public static FusekiServer start(KgStore store, ServerSettings settings) {
        return start(store, settings, QueryCatalog.empty());
    }

    /** Builds and starts the server over an opened store, with its saved queries. */
    public static FusekiServer start(KgStore store, ServerSettings settings, QueryCatalog queries) {
        return start(store, settings, queries, new ServerStatus(store));
    }

    /** Builds and starts the server, reporting {@code status} at {@code /$/status} (issue 11). */
    public static FusekiServer start(KgStore store, ServerSettings settings, QueryCatalog queries, ServerStatus status) {
        FusekiServer server = build(store, settings, queries, status);
        try {
            server.start();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            if (root instanceof BindException)
                throw new KgException(ErrorCode.SERVER,
                        "Port " + settings.port() + " on " + settings.host() + " is in use; choose another with --port", e);
            throw new KgException(ErrorCode.SERVER, "Server failed to start: " + root.getMessage(), e);
        }
        return server;
    }

    static FusekiServer build(KgStore store, ServerSettings settings) {
        return build(store, settings, QueryCatalog.empty());
    }

    static FusekiServer build(KgStore store, ServerSettings settings, QueryCatalog queries) {
        return build(store, settings, queries, new ServerStatus(store));
    }

    static FusekiServer build(KgStore store, ServerSettings settings, QueryCatalog queries, ServerStatus status) {
        DatasetGraph dsg = store.dataset().asDatasetGraph();
        QueryCatalog catalog = queries.withStoreValues(store.dataset(), settings.timeout());
        DataService.Builder service = DataService.newBuilder(dsg)
                .addEndpoint(Operation.Query, "sparql")
                .addEndpoint(Operation.Query, "query")
                .addEndpoint(Operation.Query)
                .addEndpoint(Operation.GSP_R, "get")
                .addEndpoint(Operation.GSP_R);

        ServerLimits limits = settings.limits();
        AnswerCache cache = limits.cacheBytes() > 0 ? new AnswerCache(store.info().contentHash(), limits.cacheBytes()) : null;
        FusekiServer.Builder builder = FusekiServer.create()
                .port(settings.port())
                .numServerThreads(Math.min(8, limits.threads()), limits.threads())
                .registerOperation(Operation.Query, org.apache.jena.riot.WebContent.contentTypeSPARQLQuery,
                        new BoundedQueryService(settings.timeout(), limits.maxQueryDepth(),
                                store.textIndex().isPresent()))
                .loopback(isLoopback(settings.host()))
                .verbose(settings.verbose())
                .enablePing(true)
                .enableStats(false)
                .add(DATASET, service)
                // First, so that every response — errors made by later filters included — carries CORS (issue 4).
                .addFilter("/*", new CorsFilter())
                // Second: writes, malformed Accept headers and invalid UTF-8 never reach a route (issue 8).
                .addFilter("/*", new RequestGuard())
                // Third: every answer is held until complete and, when it may be, kept (issue 9).
                .addFilter("/*", new CompleteResponseFilter(settings.maxResultBytes(), settings.timeout().toSeconds(), cache))
                .addFilter(DATASET + "/get", new UnionDefaultGraphFilter())
                .addFilter(DATASET, new UnionDefaultGraphFilter())
                ;

        // Linked data (issue 4): dereferenceable IRIs, pages, dumps, VoID, service description.
        Site site = new Site(store, new Base(settings.base()));
        builder.addFilter(DATASET + "/sparql", new ServiceDescriptionFilter(site))
                .addFilter(DATASET + "/query", new ServiceDescriptionFilter(site))
                .addServlet("", new HomeServlet(site))
                .addServlet("/id/*", new IdServlet(site))
                .addServlet("/graph/*", new GraphServlet(site))
                .addServlet("/data/*", new DataServlet(site))
                .addServlet("/page/*", new PageServlet(site))
                .addServlet("/term/*", new TermServlet(site))
                .addServlet("/dumps/*", new DumpServlet(site))
                .addServlet("/static/*", AssetServlet.site())
                .addServlet("/yasgui/*", AssetServlet.yasgui())
                .addServlet("/search/*", new org.aihegemony.kg.linkeddata.web.SearchServlet(site, store.textIndex()))
                .addServlet("/context.jsonld", new org.aihegemony.kg.linkeddata.web.ContextServlet(site))
                .addServlet("/robots.txt", new org.aihegemony.kg.linkeddata.web.CrawlerServlet(site))
                .addServlet("/sitemap.xml", new org.aihegemony.kg.linkeddata.web.CrawlerServlet(site));
        GraphDocumentServlet ontology = GraphDocumentServlet.ontology(site);
        ontology.paths().forEach(p -> builder.addServlet(p, ontology));
        for (String path : new String[] { "/.well-known/void", "/void" }) {
            GraphDocumentServlet voidDoc = GraphDocumentServlet.voidDescription(site, path);
            voidDoc.paths().forEach(p -> builder.addServlet(p, voidDoc));
        }

        // Saved-query API (issue 5): /queries, /openapi.json, /api-docs; answers are held whole like the endpoint's.
        builder.addServlet("/queries/*", new SavedQueryServlet(catalog, store.dataset(), settings.timeout(), site.base()))
                .addFilter("/queries/*", new CompleteResponseFilter(settings.maxResultBytes(), settings.timeout().toSeconds()))
                .addServlet("/openapi.json", new OpenApiServlet(catalog))
                .addServlet("/api-docs/*", new ApiDocsServlet());
        // Replicas (issue 11): which store, ready or draining; 503 while draining.
        builder.addServlet("/$/status", new StatusServlet(status));
        if (cache != null)
            status.cacheCounters(cache::counters);

        FusekiServer server = builder.build();
        // gzip for every response whose client asks for it (Jetty skips already-compressed types).
        GzipHandler gzip = new GzipHandler();
        gzip.setIncludedMethods("GET", "POST");
        // With the cache, every kept (or keepable) answer is compressed once by the cache itself, which
        // decides gzip or not the same way for a miss and its hits; Jetty's compresses the rest.
        if (cache != null)
            gzip.setIncludedPaths("/dumps/*", "/$/*");
        gzip.setHandler(server.getJettyServer().getHandler());
        server.getJettyServer().setHandler(gzip);

        Server jetty = server.getJettyServer();
        // Admission control below the servlets: upload rate, body size, bodies read without a thread, query slots.
        jetty.setHandler(Admission.wrap(jetty.getHandler(), limits, cache));
        // Kept answers to GET and HEAD, before admission and the servlets (issue 9).
        if (cache != null)
            jetty.setHandler(new CachedAnswers(jetty.getHandler(), cache));
        // Outermost: counts every request in flight, so that a stop waits for them (issue 11).
        Draining.install(server, settings.timeout());
        server.getServletContext().setAttribute(AnswerCache.class.getName(), cache);
        KgErrorHandler errors = new KgErrorHandler();
        jetty.setErrorHandler(errors);
        ServletContextHandler context = jetty.getDescendant(ServletContextHandler.class);
        if (context != null)
            context.setErrorHandler(errors);
        for (Connector c : jetty.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                if (!"0.0.0.0".equals(settings.host()) && !isLoopback(settings.host()))
                    sc.setHost(settings.host());
                sc.setIdleTimeout(limits.idleTimeout().toMillis());
                sc.addEventListener(new HeaderTimeout(sc.getScheduler(), limits.bodyTimeout().toMillis()));
            }
            HttpConnectionFactory f = c.getConnectionFactory(HttpConnectionFactory.class);
            if (f != null) {
                HttpConfiguration http = f.getHttpConfiguration();
                http.setOutputBufferSize(OUTPUT_BUFFER_BYTES);
                // The request line and headers: a longer URL gets 414, larger headers 431.
                http.setRequestHeaderSize(limits.maxUrlBytes());
                http.setSendServerVersion(false);
                http.setIdleTimeout(limits.idleTimeout().toMillis());
            }
        }
        jetty.addBean(new NetworkConnectionLimit(limits.maxConnections(), jetty));
        return server;
    }

    /** The answer cache of a running server, or null when it runs without one ({@code --no-cache}). */
    public static AnswerCache cache(FusekiServer server) {
        return (AnswerCache) server.getServletContext().getAttribute(AnswerCache.class.getName());
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host);
    }
}
