package org.aihegemony.kg.linkeddata;

import java.io.ByteArrayOutputStream;

import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFWriter;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphFactory;

/** Writes graphs and datasets in one of the {@link RdfFormat}s, with our prefixes. */
final class Serializer {
    private Serializer() {}

    static byte[] write(Graph g, RdfFormat f, PrefixMapping prefixes) {
        Graph copy = GraphFactory.createDefaultGraph();
        g.find().forEachRemaining(copy::add);
        copy.getPrefixMapping().setNsPrefixes(prefixes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        RDFWriter.source(copy).format(f.format).output(out);
        return out.toByteArray();
    }

    static byte[] write(DatasetGraph ds, RdfFormat f, PrefixMapping prefixes) {
        ds.prefixes().putAll(prefixes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        RDFWriter.source(ds).format(f.format).output(out);
        return out.toByteArray();
    }

    static String contentType(RdfFormat f) {
        return f == RdfFormat.JSONLD ? f.mediaType : f.mediaType + ";charset=utf-8";
    }
}
