package org.aihegemony.kg.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.aihegemony.kg.server.ServerLimits;
import org.aihegemony.kg.server.ServerSettings;

/** The parsed command line: a command, its options and its positional arguments. */
final class Options {
    static final Set<String> COMMANDS = Set.of("serve", "build", "validate", "query", "help");
    /** Options that take a value. */
    static final Set<String> VALUED = Set.of("--port", "--host", "--store", "--sources", "--timeout",
            "--format", "--param", "--max-result-mb", "--base", "--max-body-kb", "--max-url-kb", "--max-queries", "--cache-mb",
            "--archive", "--drain-seconds");
    /** Options that are flags. */
    static final Set<String> FLAGS = Set.of("--force", "--verbose", "--help", "--version", "--quiet", "--list", "--no-cache",
            "--read-only", "--no-text-index");

    String command = "serve";
    /** Whether the command was named, rather than the default. */
    boolean explicitCommand;
    final Map<String, String> values = new LinkedHashMap<>();
    final List<String> params = new ArrayList<>();
    final Set<String> flags = new java.util.HashSet<>();
    final List<String> positional = new ArrayList<>();

    static Options parse(String[] args) {
        Options o = new Options();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            if (!COMMANDS.contains(args[0]))
                throw usage("Unknown command: " + args[0] + " (commands: serve, build, validate, query, help)");
            o.command = args[0];
            o.explicitCommand = true;
            i = 1;
        }
        for (; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.startsWith("--") && a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            if (VALUED.contains(a)) {
                if (value == null) {
                    if (i + 1 >= args.length)
                        throw usage("Option " + a + " needs a value");
                    value = args[++i];
                }
                if (a.equals("--param"))
                    o.params.add(value);
                else
                    o.values.put(a, value);
            } else if (FLAGS.contains(a) || a.equals("-h") || a.equals("-V")) {
                if (value != null)
                    throw usage("Option " + a + " takes no value");
                o.flags.add(a.equals("-h") ? "--help" : a.equals("-V") ? "--version" : a);
            } else if (a.startsWith("-")) {
                throw usage("Unknown option: " + a);
            } else {
                o.positional.add(a);
            }
        }
        o.checkValues();
        return o;
    }

    /** Checks every option value given, before any work starts. */
    private void checkValues() {
        if (values.containsKey("--port")) port();
        if (values.containsKey("--timeout")) timeout();
        if (values.containsKey("--max-result-mb")) maxResultBytes();
        if (values.containsKey("--base")) base();
        limits();
        if (values.containsKey("--drain-seconds")) drainSeconds();
        for (String p : params) {
            if (!p.contains("=") || p.startsWith("="))
                throw usage("--param takes NAME=VALUE: " + p);
        }
    }

    boolean flag(String name) { return flags.contains(name); }

    String value(String name, String dflt) { return values.getOrDefault(name, dflt); }

    int port() {
        String v = value("--port", Integer.toString(ServerSettings.DEFAULT_PORT));
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535)
                throw usage("--port must be between 0 and 65535: " + v);
            return p;
        } catch (NumberFormatException e) {
            throw usage("--port must be a number: " + v);
        }
    }

    /** The IRI base served as linked data: an absolute http(s) IRI ending in '/'. */
    String base() {
        String v = value("--base", ServerSettings.DEFAULT_BASE);
        if (!v.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?/"))
            throw usage("--base must be an http(s) IRI ending in '/': " + v);
        return v;
    }

    Duration timeout() {
        String v = value("--timeout", Long.toString(ServerSettings.DEFAULT_TIMEOUT.toSeconds()));
        try {
            double s = Double.parseDouble(v);
            if (s <= 0 || Double.isNaN(s) || s > 86_400)
                throw usage("--timeout must be a number of seconds between 0 and 86400: " + v);
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw usage("--timeout must be a number of seconds: " + v);
        }
    }

    long maxResultBytes() {
        String v = value("--max-result-mb", Long.toString(ServerSettings.DEFAULT_MAX_RESULT_BYTES / (1024 * 1024)));
        try {
            long mb = Long.parseLong(v);
            if (mb < 1)
                throw usage("--max-result-mb must be at least 1: " + v);
            return mb * 1024 * 1024;
        } catch (NumberFormatException e) {
            throw usage("--max-result-mb must be a whole number: " + v);
        }
    }

    /** {@code serve}: how long a SIGTERMed server keeps serving while reporting draining (issue 11). */
    Duration drainSeconds() {
        String v = value("--drain-seconds", "5");
        try {
            double s = Double.parseDouble(v);
            if (s < 0 || Double.isNaN(s) || s > 600)
                throw usage("--drain-seconds must be a number of seconds between 0 and 600: " + v);
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw usage("--drain-seconds must be a number of seconds: " + v);
        }
    }

    /** The server's limits: the defaults, with what the options change. */
    ServerLimits limits() {
        ServerLimits l = ServerLimits.defaults();
        long bodyKb = wholeNumber("--max-body-kb", l.maxBodyBytes() / 1024, 1, 1024 * 1024);
        long urlKb = wholeNumber("--max-url-kb", l.maxUrlBytes() / 1024, 4, 1024);
        long queries = wholeNumber("--max-queries", l.runningQueries(), 1, 1024);
        long cacheMb = wholeNumber("--cache-mb", l.cacheBytes() >> 20, 0, 64 * 1024);
        if (flag("--no-cache"))
            cacheMb = 0;
        return l.withMaxBodyBytes(bodyKb * 1024).withMaxUrlBytes((int) urlKb * 1024)
                .withQueries((int) queries, (int) queries * 16).withCacheBytes(cacheMb << 20);
    }

    private long wholeNumber(String option, long dflt, long min, long max) {
        String v = values.get(option);
        if (v == null)
            return dflt;
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max)
                throw usage(option + " must be between " + min + " and " + max + ": " + v);
            return n;
        } catch (NumberFormatException e) {
            throw usage(option + " must be a whole number: " + v);
        }
    }

    Path store() { return Path.of(value("--store", "kg-store")); }

    /** The sources folder, or null for the sources inside the jar. */
    Path sources() {
        String v = values.get("--sources");
        return v == null ? null : Path.of(v);
    }

    static KgException usage(String message) {
        return new KgException(ErrorCode.USAGE, message);
    }
}
