package org.aihegemony.kg.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.Version;
import org.aihegemony.kg.linkeddata.DatasetDescription;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.QueryRunner;
import org.aihegemony.kg.query.QueryTemplate;
import org.aihegemony.kg.query.ResultFormat;
import org.aihegemony.kg.query.SavedQueries;
import org.aihegemony.kg.query.SavedQuery;
import org.aihegemony.kg.query.StoreValues;
import org.aihegemony.kg.server.KgServer;
import org.aihegemony.kg.server.Draining;
import org.aihegemony.kg.server.ServerSettings;
import org.aihegemony.kg.server.ServerStatus;
import org.aihegemony.kg.store.BuildListener;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
import org.aihegemony.kg.store.StoreFiles;
import org.aihegemony.kg.store.StoreInfo;
import org.aihegemony.kg.store.TextIndexes;
import org.aihegemony.kg.store.ValidationException;
import org.aihegemony.kg.store.Violation;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.Query;
import org.apache.jena.sys.JenaSystem;

/**
 * The command line: parses arguments, calls the operations, prints, and turns failures into stable
 * error codes. Nothing else in the application prints or exits.
 */
public final class Main {
    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // Memory (issue 8): 'java -jar … serve' without -Xmx hands over to a JVM with bounded memory; a build
        // (issue 10) to one with the throughput collector.
        var handover = Launcher.relaunch(args);
        if (handover.isPresent()) {
            // The server cannot start without its JVM; anything else failing to start one is unexpected.
            ErrorCode code = handover.get().serves() ? ErrorCode.SERVER : ErrorCode.INTERNAL;
            try {
                System.exit(Launcher.run(handover.get(), args));
            } catch (java.io.IOException e) {
                System.err.println("Error " + code.id() + ": Cannot start a second JVM: " + e.getMessage()
                        + " (set KG_RELAUNCH=false to run in this JVM)");
                System.exit(code.exitCode());
            } catch (InterruptedException e) {
                System.exit(code.exitCode());
            }
        }
        Launcher.followLauncher();
        if (java.util.Arrays.asList(args).contains("--verbose"))
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.jena.fuseki.Fuseki", "info");
        int rc = new Main(System.out, System.err).run(args);
        if (rc != 0)
            System.exit(rc);
    }

    /** Runs a command; returns its exit code. {@code serve} returns only when the server stops. */
    int run(String[] args) {
        try {
            Options o = Options.parse(args);
            if (o.flag("--version")) {
                out.println("aihegemony-kg " + Version.current());
                return 0;
            }
            if (o.flag("--help") || o.command.equals("help")) {
                String topic = o.command.equals("help") ? (o.positional.isEmpty() ? "" : o.positional.get(0))
                        : o.explicitCommand ? o.command : "";
                out.print(Help.forCommand(topic));
                return 0;
            }
            JenaSystem.init();
            return switch (o.command) {
                case "build" -> build(o);
                case "validate" -> validate(o);
                case "query" -> query(o);
                default -> serve(o);
            };
        } catch (KgException e) {
            return fail(e);
        } catch (RuntimeException e) {
            return fail(new KgException(ErrorCode.INTERNAL, e.toString(), e));
        }
    }

    private int fail(KgException e) {
        err.println("Error " + e.code().id() + ": " + e.getMessage().replace("\n", "\n  "));
        if (e instanceof ValidationException v)
            printViolations(v.violations());
        if (e.code() == ErrorCode.USAGE)
            err.println("Run with --help for usage.");
        return e.code().exitCode();
    }

    private void printViolations(List<Violation> violations) {
        for (Violation v : violations)
            err.println("  " + v);
    }

    private SourceSet sources(Options o) {
        Path dir = o.sources();
        return dir == null ? SourceSet.embedded() : SourceSet.fromDirectory(dir);
    }

    private BuildListener progress(Options o, PrintStream to) {
        return o.flag("--quiet") ? BuildListener.NONE : m -> to.println("  " + m);
    }

    private StoreBuilder.Result buildStore(Options o, PrintStream progressTo) {
        SourceSet sources = sources(o);
        StoreBuilder.Result r = new StoreBuilder(o.store(), progress(o, progressTo), DatasetDescription.FOR_BUILD)
                .textIndex(!o.flag("--no-text-index"))
                .build(sources, o.flag("--force"));
        for (Violation w : r.warnings())
            progressTo.println("  " + w);
        return r;
    }

    private int build(Options o) {
        noPositional(o);
        StoreBuilder.Result r = buildStore(o, err);   // progress on stderr (issue 10); the result on stdout
        if (r.rebuilt())
            out.printf("Built %s: %d quads (%d inferred) in %d ms%n", r.store().dir(), r.store().count("quads"),
                    r.store().count("inferred"), r.millis());
        else
            out.println("Up to date: " + r.store().dir());
        writeArchive(o, r.store());
        return 0;
    }

    /** {@code build --archive FILE} (issue 11): the store as one file, copied to replicas unchanged. */
    private void writeArchive(Options o, StoreInfo store) {
        String file = o.value("--archive", null);
        if (file == null)
            return;
        Path archive = StoreFiles.writeArchive(store, Path.of(file));
        try {
            out.printf("Archive %s: %d MB (serve it with: serve --store %s)%n", archive,
                    Files.size(archive) / (1024 * 1024), archive);
        } catch (IOException e) {
            out.println("Archive " + archive);
        }
    }

    private int validate(Options o) {
        noPositional(o);
        SourceSet sources = sources(o);
        List<Violation> warnings = StoreBuilder.validate(sources, progress(o, out));
        int saved = QueryCatalog.compile(SavedQueries.from(sources)).all().size();
        progress(o, out).step(saved + " saved queries compile");
        printViolations(warnings);
        out.println("Valid" + (warnings.isEmpty() ? "" : " (" + warnings.size() + " warnings)"));
        return 0;
    }

    private int query(Options o) {
        SourceSet sources = sources(o);
        if (o.flag("--list")) {
            QueryCatalog catalog = QueryCatalog.compile(SavedQueries.from(sources));
            int width = catalog.all().stream().mapToInt(t -> t.name().length()).max().orElse(0);
            for (var t : catalog.all()) {
                String params = t.parameters().isEmpty() ? "" : " ["
                        + String.join(", ", t.parameters().stream().map(p -> p.name()).toList()) + "]";
                out.printf("%-" + width + "s  %s%s%n", t.name(), t.header().summary() == null ? "" : t.header().summary(), params);
            }
            return 0;
        }
        if (o.positional.size() != 1)
            throw Options.usage("query takes one FILE.rq or saved-query name");
        ResultFormat format;
        try {
            format = ResultFormat.parse(o.value("--format", "table"));
        } catch (IllegalArgumentException e) {
            throw Options.usage(e.getMessage());
        }
        String arg = o.positional.get(0);
        QueryTemplate template;
        if (arg.endsWith(".rq") || arg.contains("/")) {
            Path p = Path.of(arg);
            String text;
            try {
                text = Files.readString(p);
            } catch (IOException e) {
                throw Options.usage("Cannot read query file: " + arg);
            }
            String stem = p.getFileName().toString().replaceFirst("\\.rq$", "");
            template = QueryTemplate.compile(stem, arg, text);
        } else {
            template = QueryCatalog.compileOne(SavedQueries.from(sources).get(arg));
        }
        // Saved-query parameters (issue 5): checked before the store is built, bound on the parsed query.
        Map<String, List<String>> params = paramValues(o.params);
        template.bind(params);
        new StoreBuilder(o.store(), o.flag("--verbose") ? progress(o, err) : BuildListener.NONE, DatasetDescription.FOR_BUILD).build(sources, false);
        try (KgStore store = KgStore.openCurrent(o.store(), o.timeout())) {
            Query query = StoreValues.resolve(template, store.dataset(), o.timeout()).bind(params);
            if (store.textIndex().isEmpty() && TextIndexes.callsTextQuery(query))
                throw new KgException(ErrorCode.STORE, "text:query in " + arg + " cannot be answered: " + TextIndexes.NO_INDEX
                        + " (store " + store.info().dir() + ")");
            QueryRunner.run(store.dataset(), query, format, out, o.timeout().toMillis());
        }
        out.flush();
        return 0;
    }

    /** {@code --param NAME=VALUE} options by name; a repeated name keeps every value. */
    private static Map<String, List<String>> paramValues(List<String> params) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            m.computeIfAbsent(p.substring(0, eq), k -> new ArrayList<>()).add(p.substring(eq + 1));
        }
        return m;
    }

    private int serve(Options o) {
        noPositional(o);
        out.println("AI Hegemony KG " + Version.current());
        QueryCatalog queries = QueryCatalog.compile(SavedQueries.from(sources(o)));
        ServerSettings settings = new ServerSettings(o.value("--host", ServerSettings.DEFAULT_HOST), o.port(),
                o.timeout(), o.maxResultBytes(), o.flag("--verbose"), o.base(), o.limits());
        KgStore store = storeToServe(o, settings);
        ServerStatus status = new ServerStatus(store);
        FusekiServer server;
        try {
            server = KgServer.start(store, settings, queries, status);
        } catch (KgException e) {
            store.close();
            throw e;
        }
        drainOnSigterm(server, status, o.drainSeconds());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            store.close();
        }, "shutdown"));
        String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
        String base = "http://" + host + ":" + server.getHttpPort();
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println();
        out.println("Serving " + store.info().count("quads") + " quads from " + store.info().dir() + " (held in "
                + store.mode().replaceFirst("^in place$", "place") + ")");
        out.println("  SPARQL endpoint    " + base + KgServer.DATASET + "/sparql");
        out.println("  Graph Store (read) " + base + KgServer.DATASET + "/get");
        out.println("  Health             " + base + "/$/ping");
        out.println("  Status             " + base + "/$/status (store " + store.info().contentHash().substring(0,
                Math.min(12, store.info().contentHash().length())) + ")");
        out.println("  Linked data        " + base + "/ (IRIs under " + settings.base() + ")");
        out.println("  Saved queries      " + base + "/queries (" + queries.all().size() + "), API "
                + base + "/openapi.json, " + base + "/api-docs");
        out.println("Started in " + sinceJvmStart + " ms. Query time limit " + settings.timeout().toSeconds()
                + " s. Press Ctrl-C to stop.");
        out.flush();
        server.join();
        return 0;
    }

    /**
     * The store {@code serve} serves (issue 11), opened without writing into its folder: an archive
     * ({@code --store FILE.zip}) is unpacked into a temporary folder; with {@code --read-only}, or when
     * the store folder is not writable, the current store is served as built (no build); otherwise the
     * store is built first when the sources changed, as before.
     */
    private KgStore storeToServe(Options o, ServerSettings settings) {
        Path root = o.store();
        if (Files.isRegularFile(root)) {
            out.println("Unpacking the store archive " + root);
            return KgStore.openArchive(root, settings.timeout());
        }
        boolean readOnly = o.flag("--read-only") || (Files.isDirectory(root) && !Files.isWritable(root));
        StoreInfo info;
        if (readOnly) {
            info = StoreBuilder.current(root.toAbsolutePath().normalize()).orElseThrow(() -> new KgException(ErrorCode.STORE,
                    "No built store in " + root.toAbsolutePath() + " (serving read-only, so it is not built here;"
                            + " run 'build --store " + root + "' where it can be written)"));
            out.println("Serving the store as built, read-only: " + info.dir());
        } else {
            info = buildStore(o, out).store();
        }
        return KgStore.openReadOnly(info, settings.timeout());
    }

    /**
     * SIGTERM (issue 11) drains instead of killing: {@code /$/status} reports draining (503) at once,
     * requests are served for {@code --drain-seconds} more so that load balancers notice, then the server
     * stops accepting and finishes the requests in flight (up to the query time limit), and
     * {@code serve} returns 0. Ctrl-C (SIGINT) skips the notice: the shutdown hook stops the server, still gracefully.
     */
    private void drainOnSigterm(FusekiServer server, ServerStatus status, Duration notice) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> {
                Thread t = new Thread(() -> {
                    err.println("SIGTERM: draining (/$/status answers 503); stopping in " + notice.toSeconds()
                            + " s, after the requests in flight");
                    Draining.drainAndStop(server, status, notice);
                    err.println("Stopped.");
                }, "drain");
                t.setDaemon(false);
                t.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("Note: cannot catch SIGTERM here (" + e.getMessage() + "); it stops the server at once");
        }
    }

    private static void noPositional(Options o) {
        if (!o.positional.isEmpty())
            throw Options.usage("Unexpected argument: " + o.positional.get(0));
    }

}
