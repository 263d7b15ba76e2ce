package org.aihegemony.kg.cli;

/** Help texts of the command line. */
final class Help {
    private Help() {}

    static final String MAIN = """
        AI Hegemony KG — a knowledge graph of the US-China race for AI leadership, served over SPARQL.

        Usage: java -jar aihegemony-kg.jar [COMMAND] [OPTIONS]

        Commands:
          serve      Build the store if the sources changed, then serve it (default)
          build      Build the TDB2 store from the sources (skipped when unchanged)
          validate   Parse, infer and run the SHACL shapes and data checks; write nothing
          query      Run a SPARQL file or a saved query against the local store
          help       Show help for a command: help serve | build | validate | query

        Common options:
          --store DIR       Where the TDB2 store lives (default: ./kg-store)
          --sources DIR     Use the ontology/, rdf/ and queries/ of DIR instead of those in the jar
          --timeout SECS    Query time limit in seconds (default: 10)
          -h, --help        Show help
          -V, --version     Show the version

        Exit codes: 0 success; 1 internal error; 2 usage; 3 source syntax; 4 validation; 5 query syntax;
        6 query timeout; 7 store; 8 server; 9 unknown saved query; 10 sources; 11 query parameter.
        Each error message starts with its code (KG-...); README.md explains them.
        """;

    static final String SERVE = """
        Usage: java -jar aihegemony-kg.jar serve [OPTIONS]

        Builds the store when the sources changed (a failed build keeps the last good store and exits
        with its error code), then serves it read-only:
          http://HOST:PORT/kg/sparql   SPARQL 1.1 query (GET and POST; also /kg/query)
          http://HOST:PORT/kg/get      Graph Store Protocol, read only
          http://HOST:PORT/$/ping      health
          http://HOST:PORT/            home page, query editor; /id/NAME, /page/NAME, /data/NAME,
                                       /ontology, /.well-known/void, /dumps/ (linked data)
          http://HOST:PORT/queries     the saved queries as a web API (NAME.csv?param=value ...);
                                       described at /openapi.json, browsable at /api-docs

        Options:
          --port N            TCP port (default: 3030; 0 picks a free one)
          --host H            Interface to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)
          --store DIR         Store folder (default: ./kg-store)
          --sources DIR       Serve DIR's ontology/, rdf/ and queries/ instead of the jar's copies
          --timeout SECS      Query time limit (default: 10)
          --max-result-mb N   Largest query response held in memory, in MiB (default: 16)
          --max-body-kb N     Largest request body (a POSTed query or form), in KiB; larger gets 413
                              (default: 1024)
          --max-url-kb N      Longest request line and headers, in KiB; a longer URL gets 414
                              (default: 64)
          --max-queries N     Requests that run a query at once (default: 2 per processor); up to
                              16 times as many wait up to 5 s for a slot, the rest get 503 + Retry-After
          --cache-mb N        Answer cache budget in MiB: finished answers are kept and served again
                              without touching the store (default: 32; 0 = off)
          --no-cache          Run without the answer cache (for comparison)
          --base IRI          IRI base served as linked data, mapped to the server's root
                              (default: https://w3id.org/aihegemony/)
          --force             Rebuild the store even when the sources did not change
          --no-text-index     When building, skip the full-text index: /search then answers 503
          --verbose           Log every request
          --read-only         Serve the store as built: never build, never write into the store folder
                              (replicas, read-only volumes; implied when the folder is not writable)
          --store FILE.zip    Serve a store archive written by 'build --archive' (unpacked into a temp folder)
          --drain-seconds S   On SIGTERM, answer 503 on /$/status but keep serving for S seconds so load
                              balancers stop sending, then finish the requests in flight and exit 0 (default: 5)

        The store folder is never written while serving: the TDB2 files are copied to a temporary folder
        and a store of up to 150,000 quads is held in memory. GET /$/status reports the store id (the
        content hash of its sources), build time, quads, version, uptime and ready|draining.

        Memory: started as 'java -jar' without a heap option (-Xmx), the server starts its own JVM with
        a 256 MiB heap and other bounds that keep it near 512 MB resident (README, "Memory"). Set
        KG_JAVA_OPTS to choose other JVM options, or pass -Xmx yourself to run in the first JVM.
        """;

    static final String BUILD = """
        Usage: java -jar aihegemony-kg.jar build [OPTIONS]

        Parses ontology/ and rdf/, materialises the ontology's entailments into their own graph, runs the
        SHACL shapes (ontology/shapes/) and the checks (queries/checks/*-violation.rq), and writes a new
        TDB2 store. Only a fully successful build replaces the current store.

        The sources stream into a staging TDB2 store in the store folder (its indexes written sorted, as
        Jena's tdb2.xloader does), and every step runs over that store, so the heap needed does not grow
        with the data (-Xmx1g builds 10 M triples). Progress (phase, count, rate) goes to stderr every few
        seconds, then one line with the time of each phase. Sources must be UTF-8. A build never uses the
        network: a JSON-LD file whose @context is remote needs a local copy under contexts/, listed in
        contexts/catalog.txt as 'URL FILE'. One build at a time per store folder (build.lock): a second
        one waits up to 30 s, then stops with KG-STORE. Any failure, a full disk included, removes the
        unfinished folder.

        The build runs in a second JVM started with this one's options (-Xmx included) and the
        throughput collector (-XX:+UseParallelGC), from 64 MiB of RDF sources on also without tiered
        compilation; a collector or tiering option of your own, an agent, a debugger or a flight
        recording keeps it in this JVM, as does KG_RELAUNCH=false.

        Options:
          --store DIR     Store folder (default: ./kg-store)
          --sources DIR   Build from DIR instead of the jar's copies
          --force         Rebuild even when the sources did not change
          --no-text-index Skip the full-text index (/search then answers 503): less time and CPU
                          for a large build; the quads, dumps and VoID are the same. A store that
                          is up to date is kept as it is; --force rebuilds it
          --quiet         Print only errors
          --archive FILE  Also write the current store as one zip file, to copy to replicas unchanged
                          and serve with 'serve --store FILE'
        """;

    static final String VALIDATE = """
        Usage: java -jar aihegemony-kg.jar validate [OPTIONS]

        Parses the sources, infers, and runs every shape and check; reports each violation with the file
        that found it. Writes nothing. Exits 3 on a syntax error, 4 on violations, 0 when clean. Runs in
        a second JVM as build does (see 'help build').

        Options:
          --sources DIR   Validate DIR instead of the jar's copies
        """;

    static final String QUERY = """
        Usage: java -jar aihegemony-kg.jar query (FILE.rq | SAVED-QUERY-NAME | --list) [OPTIONS]

        Runs a SPARQL query against the local store (built first if the sources changed) and prints the
        answer. A name without .rq is a saved query from queries/.

        Options:
          --format F        table (default), csv, tsv, json, xml; for CONSTRUCT/DESCRIBE: turtle
                            (default), nt, jsonld, rdfxml
          --param NAME=V    A saved-query parameter; repeat a NAME for several values
                            (e.g. query open-platforms --param year=2019 --format csv)
          --store DIR       Store folder (default: ./kg-store)
          --sources DIR     Use DIR's sources instead of the jar's copies
          --timeout SECS    Query time limit (default: 10)
        """;

    static String forCommand(String command) {
        return switch (command) {
            case "serve" -> SERVE;
            case "build" -> BUILD;
            case "validate" -> VALIDATE;
            case "query" -> QUERY;
            default -> MAIN;
        };
    }
}
