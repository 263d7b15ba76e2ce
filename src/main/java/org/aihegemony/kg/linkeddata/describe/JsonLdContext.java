package org.aihegemony.kg.linkeddata.describe;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.aihegemony.kg.linkeddata.Base;
import org.aihegemony.kg.linkeddata.Terms;
import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFWriter;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

/**
 * The JSON-LD context of the graph ({@code /context.jsonld}): a readable key for every term of the
 * ontology — its local name ({@code "issuedBy"}, {@code "Company"}) — plus the common terms of the
 * descriptions ({@code label}, {@code altLabel}, {@code sameAs}, …) and the prefixes. Object properties
 * take IRIs ({@code "@type": "@id"}); text properties ({@code rdfs:Literal} range) and labels are maps by
 * language ({@code "label": {"ko": "구글", "en": "Google"}}). Made once from the ontology graph.
 * <p>
 * {@link #compact} writes a description in compact JSON-LD with this context (Titanium, the JSON-LD
 * processor Jena uses), the context inlined so the document stands alone.
 */
public final class JsonLdContext {
    private final JsonObject context;

    private JsonLdContext(JsonObject context) {
        this.context = context;
    }

    /** Builds the context from the ontology graph (read inside a transaction by the caller). */
    public static JsonLdContext of(DatasetGraph store, Base base) {
        Graph ontology = store.getGraph(AIH.node(AIH.GRAPH_ONTOLOGY));
        Map<String, JsonObject> terms = new TreeMap<>();
        String ns = base.ns();
        ontology.find(Node.ANY, RDF.type.asNode(), Node.ANY).forEachRemaining(t -> {
            Node s = t.getSubject();
            if (!s.isURI() || !s.getURI().startsWith(ns) || s.getURI().length() == ns.length())
                return;
            String key = s.getURI().substring(ns.length());
            String id = "aih:" + key;
            Node type = t.getObject();
            JsonObjectBuilder def = Json.createObjectBuilder().add("@id", id);
            if (type.equals(OWL.ObjectProperty.asNode()))
                def.add("@type", "@id");
            else if (type.equals(OWL.DatatypeProperty.asNode()) && ontology.contains(s, RDFS.range.asNode(), RDFS.Literal.asNode()))
                def.add("@container", "@language");
            else if (!(type.equals(OWL.DatatypeProperty.asNode()) || type.equals(OWL.Class.asNode())
                    || type.equals(OWL.AnnotationProperty.asNode()) || type.equals(RDFS.Class.asNode())))
                return;
            JsonObject built = def.build();
            // A term declared twice (e.g. both a class and an individual) keeps its richer definition.
            terms.merge(key, built, (a, b) -> a.size() >= b.size() ? a : b);
        });
        JsonObjectBuilder cxt = Json.createObjectBuilder();
        PrefixMapping pm = Terms.prefixes(base);
        pm.getNsPrefixMap().forEach(cxt::add);
        cxt.add("id", "@id").add("type", "@type");
        Map<String, JsonObject> common = new TreeMap<>();
        for (String lang : new String[] { "label:rdfs:label", "comment:rdfs:comment", "altLabel:skos:altLabel",
                "prefLabel:skos:prefLabel", "definition:skos:definition", "editorialNote:skos:editorialNote" }) {
            String[] kv = lang.split(":", 2);
            common.put(kv[0], Json.createObjectBuilder().add("@id", kv[1]).add("@container", "@language").build());
        }
        for (String ref : new String[] { "sameAs:owl:sameAs", "seeAlso:rdfs:seeAlso", "isDefinedBy:rdfs:isDefinedBy",
                "wasDerivedFrom:prov:wasDerivedFrom", "wasQuotedFrom:prov:wasQuotedFrom", "subject:rdf:subject",
                "predicate:rdf:predicate", "object:rdf:object", "unitCode:schema:unitCode", "currency:schema:currency" }) {
            String[] kv = ref.split(":", 2);
            common.put(kv[0], Json.createObjectBuilder().add("@id", kv[1]).add("@type", "@id").build());
        }
        for (String plain : new String[] { "value:schema:value", "minValue:schema:minValue", "maxValue:schema:maxValue",
                "unitText:schema:unitText", "title:dcterms:title", "license:dcterms:license" }) {
            String[] kv = plain.split(":", 2);
            common.put(kv[0], Json.createObjectBuilder().add("@id", kv[1]).build());
        }
        common.forEach((k, v) -> { if (!terms.containsKey(k)) terms.put(k, v); });
        terms.forEach((k, v) -> cxt.add(k, v.size() == 1 ? Json.createValue(v.getString("@id")) : v));
        return new JsonLdContext(cxt.build());
    }

    /** The context object (the value of {@code @context}). */
    public JsonObject context() {
        return context;
    }

    /** {@code {"@context": {...}}}, as served at {@code /context.jsonld}. */
    public byte[] document() {
        return write(Json.createObjectBuilder().add("@context", context).build());
    }

    /** A graph in compact JSON-LD with this context (inlined). */
    public byte[] compact(Graph graph) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream(16384);
        RDFWriter.source(DatasetGraphFactory.wrap(graph)).format(RDFFormat.JSONLD11_PLAIN).output(plain);
        try {
            JsonDocument doc = JsonDocument.of(new StringReader(plain.toString(StandardCharsets.UTF_8)));
            JsonDocument cxt = JsonDocument.of(Json.createObjectBuilder().add("@context", context).build());
            JsonObject compacted = JsonLd.compact(doc, cxt).get();
            return write(compacted);
        } catch (JsonLdError e) {
            throw new IllegalStateException("JSON-LD compaction failed: " + e.getMessage(), e);
        }
    }

    private static byte[] write(JsonObject o) {
        JsonWriterFactory f = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try (JsonWriter w = f.createWriter(out, StandardCharsets.UTF_8)) {
            w.writeObject(o);
        }
        return out.toByteArray();
    }
}
