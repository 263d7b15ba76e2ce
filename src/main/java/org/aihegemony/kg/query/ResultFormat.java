package org.aihegemony.kg.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.resultset.ResultSetLang;

/** Output formats of the {@code query} command: tables for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE. */
public enum ResultFormat {
    TABLE(null, null),
    CSV(ResultSetLang.RS_CSV, null),
    TSV(ResultSetLang.RS_TSV, null),
    JSON(ResultSetLang.RS_JSON, null),
    XML(ResultSetLang.RS_XML, null),
    TURTLE(null, RDFFormat.TURTLE_PRETTY),
    NT(null, RDFFormat.NTRIPLES),
    JSONLD(null, RDFFormat.JSONLD11_PRETTY),
    RDFXML(null, RDFFormat.RDFXML_PRETTY);

    final Lang resultLang;
    final RDFFormat rdfFormat;

    ResultFormat(Lang resultLang, RDFFormat rdfFormat) {
        this.resultLang = resultLang;
        this.rdfFormat = rdfFormat;
    }

    public boolean isRdf() { return rdfFormat != null; }

    /** The media type of an answer in this format ({@code text/plain} for the table). */
    public String mediaType() {
        return switch (this) {
            case TABLE -> "text/plain";
            case CSV -> "text/csv";
            case TSV -> "text/tab-separated-values";
            case JSON -> "application/sparql-results+json";
            case XML -> "application/sparql-results+xml";
            case TURTLE -> "text/turtle";
            case NT -> "application/n-triples";
            // Jena's JSON-LD 1.1 writer names its language x/ld-json-11; the registered type is this.
            case JSONLD -> "application/ld+json";
            case RDFXML -> "application/rdf+xml";
        };
    }

    /** Parses a {@code --format} value; {@code ttl} and {@code turtle}, {@code rdf} and {@code rdfxml} are synonyms. */
    public static ResultFormat parse(String s) {
        String v = s.toLowerCase(Locale.ROOT).replace("-", "").replace("/", "");
        return switch (v) {
            case "table", "text", "txt" -> TABLE;
            case "csv" -> CSV;
            case "tsv" -> TSV;
            case "json", "srj" -> JSON;
            case "xml", "srx" -> XML;
            case "ttl", "turtle" -> TURTLE;
            case "nt", "ntriples" -> NT;
            case "jsonld" -> JSONLD;
            case "rdf", "rdfxml", "owl" -> RDFXML;
            default -> throw new IllegalArgumentException("Unknown format: " + s + " (use one of "
                    + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
        };
    }
}
