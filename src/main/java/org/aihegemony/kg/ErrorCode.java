package org.aihegemony.kg;

/**
 * Stable error codes of the command line. The README lists them; scripts may rely on the exit codes.
 * Never renumber an existing code.
 */
public enum ErrorCode {
    INTERNAL("KG-INTERNAL", 1, "An unexpected failure; please report it with the message."),
    USAGE("KG-USAGE", 2, "The command line is wrong: unknown command or option, or a bad option value."),
    SOURCE_SYNTAX("KG-SOURCE-SYNTAX", 3, "A source file under ontology/ or rdf/ is not valid RDF; the message names file, line and column."),
    VALIDATION("KG-VALIDATION", 4, "The data failed a SHACL shape or a *-violation.rq check; the report lists each violation."),
    QUERY_SYNTAX("KG-QUERY-SYNTAX", 5, "A SPARQL query (file or saved query) does not parse."),
    QUERY_TIMEOUT("KG-QUERY-TIMEOUT", 6, "A query ran past the time limit (--timeout)."),
    STORE("KG-STORE", 7, "The TDB2 store cannot be read, written or locked (for example another process uses it),"
            + " or a query calls text:query over a store built without a text index."),
    SERVER("KG-SERVER", 8, "The server cannot start, for example because the port is in use."),
    UNKNOWN_QUERY("KG-UNKNOWN-QUERY", 9, "No saved query has the given name."),
    SOURCES("KG-SOURCES", 10, "The sources folder is missing or holds no RDF files."),
    QUERY_PARAMETER("KG-QUERY-PARAMETER", 11, "A saved-query parameter is missing, unknown or of the wrong type.");

    private final String id;
    private final int exitCode;
    private final String meaning;

    ErrorCode(String id, int exitCode, String meaning) {
        this.id = id;
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    public String id() { return id; }
    public int exitCode() { return exitCode; }
    public String meaning() { return meaning; }
}
