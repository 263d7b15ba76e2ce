package org.aihegemony.kg.linkeddata;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;

/** The RDF formats the linked-data routes answer in, with their media types and file suffixes. */
public enum RdfFormat {
    TURTLE("text/turtle", "ttl", Lang.TURTLE, RDFFormat.TURTLE_PRETTY),
    NTRIPLES("application/n-triples", "nt", Lang.NTRIPLES, RDFFormat.NTRIPLES),
    JSONLD("application/ld+json", "jsonld", Lang.JSONLD, RDFFormat.JSONLD),
    RDFXML("application/rdf+xml", "rdf", Lang.RDFXML, RDFFormat.RDFXML_PLAIN),
    TRIG("application/trig", "trig", Lang.TRIG, RDFFormat.TRIG_PRETTY);

    public final String mediaType;
    public final String suffix;
    public final Lang lang;
    public final RDFFormat format;

    RdfFormat(String mediaType, String suffix, Lang lang, RDFFormat format) {
        this.mediaType = mediaType;
        this.suffix = suffix;
        this.lang = lang;
        this.format = format;
    }

    /** Whether the format carries named graphs. */
    public boolean quads() { return this == TRIG; }

    public static Optional<RdfFormat> bySuffix(String suffix) {
        return Arrays.stream(values()).filter(f -> f.suffix.equals(suffix)).findFirst();
    }

    public static Optional<RdfFormat> byMediaType(String mediaType) {
        return Arrays.stream(values()).filter(f -> f.mediaType.equals(mediaType)).findFirst();
    }

    /** The triple formats (all but TriG), Turtle first. */
    public static List<RdfFormat> tripleFormats() {
        return List.of(TURTLE, NTRIPLES, JSONLD, RDFXML);
    }

    public static List<RdfFormat> all() {
        return List.of(values());
    }

    static List<String> mediaTypes(List<RdfFormat> formats) {
        return formats.stream().map(f -> f.mediaType).toList();
    }

    /** "text/turtle (.ttl), ..." for error messages. */
    static String describe(List<RdfFormat> formats) {
        return String.join(", ", formats.stream().map(f -> f.mediaType + " (." + f.suffix + ")").toList());
    }
}
