package org.aihegemony.kg.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.Version;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.QueryRunner;
import org.aihegemony.kg.query.QueryTemplate;
import org.aihegemony.kg.query.ResultFormat;
import org.aihegemony.kg.query.SavedQueries;
import org.aihegemony.kg.query.SavedQuery;
import org.aihegemony.kg.query.StoreValues;
import org.aihegemony.kg.server.KgServer;
import org.aihegemony.kg.server.ServerSettings;
import org.aihegemony.kg.store.BuildListener;
import org.aihegemony.kg.store.KgStore;
import org.aihegemony.kg.store.SourceSet;
import org.aihegemony.kg.store.StoreBuilder;
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
        // Memory (issue 8): 'java -jar … serve' without -Xmx hands over to a JVM with bounded memory.
        var jar = Launcher.relaunchJar(args);
        if (jar.isPresent()) {
            try {
                System.exit(Launcher.run(jar.get(), args));
            } catch (java.io.IOException e) {
                System.err.println("Error " + ErrorCode.SERVER.id() + ": Cannot start the server's JVM: " + e.getMessage()
                        + " (set KG_RELAUNCH=false to run in this JVM)");
                System.exit(ErrorCode.SERVER.exitCode());
            } catch (InterruptedException e) {
                System.exit(ErrorCode.SERVER.exitCode());
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
        StoreBuilder.Result r = new StoreBuilder(o.store(), progress(o, progressTo)).build(sources, o.flag("--force"));
        for (Violation w : r.warnings())
            progressTo.println("  " + w);
        return r;
    }

    private int build(Options o) {
        noPositional(o);
        StoreBuilder.Result r = buildStore(o, out);
        if (r.rebuilt())
            out.printf("Built %s: %d quads (%d inferred) in %d ms%n", r.store().dir(), r.store().count("quads"),
                    r.store().count("inferred"), r.millis());
        else
            out.println("Up to date: " + r.store().dir());
        return 0;
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
        new StoreBuilder(o.store(), o.flag("--verbose") ? progress(o, err) : BuildListener.NONE).build(sources, false);
        try (KgStore store = KgStore.openCurrent(o.store(), o.timeout())) {
            Query query = StoreValues.resolve(template, store.dataset(), o.timeout()).bind(params);
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
        StoreBuilder.Result r = buildStore(o, out);
        ServerSettings settings = new ServerSettings(o.value("--host", ServerSettings.DEFAULT_HOST), o.port(),
                o.timeout(), o.maxResultBytes(), o.flag("--verbose"), o.base(), o.limits());
        KgStore store = KgStore.open(r.store(), settings.timeout());
        FusekiServer server;
        try {
            server = KgServer.start(store, settings, queries);
        } catch (KgException e) {
            store.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            store.close();
        }, "shutdown"));
        String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
        String base = "http://" + host + ":" + server.getHttpPort();
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println();
        out.println("Serving " + r.store().count("quads") + " quads from " + r.store().dir());
        out.println("  SPARQL endpoint    " + base + KgServer.DATASET + "/sparql");
        out.println("  Graph Store (read) " + base + KgServer.DATASET + "/get");
        out.println("  Health             " + base + "/$/ping");
        out.println("  Linked data        " + base + "/ (IRIs under " + settings.base() + ")");
        out.println("  Saved queries      " + base + "/queries (" + queries.all().size() + "), API "
                + base + "/openapi.json, " + base + "/api-docs");
        out.println("Started in " + sinceJvmStart + " ms. Query time limit " + settings.timeout().toSeconds()
                + " s. Press Ctrl-C to stop.");
        out.flush();
        server.join();
        return 0;
    }

    private static void noPositional(Options o) {
        if (!o.positional.isEmpty())
            throw Options.usage("Unexpected argument: " + o.positional.get(0));
    }

}
