package org.aihegemony.kg.api;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

import org.aihegemony.kg.query.ParameterType;
import org.aihegemony.kg.query.QueryCatalog;
import org.aihegemony.kg.query.QueryParameter;
import org.aihegemony.kg.query.QueryTemplate;
import org.aihegemony.kg.query.ResultFormat;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonBoolean;
import org.apache.jena.atlas.json.JsonNumber;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonString;
import org.apache.jena.atlas.json.JsonValue;

/**
 * The saved-query API described in OpenAPI 3.1, generated from the query files: one path per query,
 * each parameter with its JSON Schema type (and format, enumeration and default), every answer format
 * as a response media type.
 */
final class OpenApiDocument {
    static final String VERSION = "3.1.0";
    private static final String XSD = "http://www.w3.org/2001/XMLSchema#";

    private OpenApiDocument() {}

    static JsonObject build(QueryCatalog catalog, String appVersion) {
        JsonObject doc = new JsonObject();
        doc.put("openapi", VERSION);
        JsonObject info = new JsonObject();
        info.put("title", "AI Hegemony KG — saved queries");
        info.put("version", appVersion);
        info.put("summary", "The knowledge graph's saved SPARQL queries as a web API");
        info.put("description", "Each saved query of the AI Hegemony KG (a file in `queries/`) runs at "
                + "`/queries/{name}`. Choose the answer's format with a suffix (`.csv`, `.tsv`, `.json`, `.xml`; "
                + "`.ttl`, `.nt`, `.jsonld`, `.rdf` for graphs) or the `Accept` header. Parameters go in the query "
                + "string (or a form body with POST); repeat one to give several values. Values are bound as RDF "
                + "terms of the declared type, never pasted into the query text.\n\n"
                + "In pandas: `pd.read_csv(SERVER + \"/queries/NAME.csv?param=value\")`, where `SERVER` is the "
                + "address this page came from; every path here is relative to it (issue 13: no fixed host or port).");
        JsonObject license = new JsonObject();
        license.put("name", "CC-BY-4.0");
        license.put("identifier", "CC-BY-4.0");
        info.put("license", license);
        doc.put("info", info);
        JsonArray servers = new JsonArray();
        JsonObject server = new JsonObject();
        server.put("url", "/");
        server.put("description", "this server");
        servers.add(server);
        doc.put("servers", servers);

        Set<String> tags = new LinkedHashSet<>();
        JsonObject paths = new JsonObject();
        paths.put("/queries", listingPath());
        for (QueryTemplate t : catalog.all()) {
            tags.addAll(t.header().tags());
            JsonObject item = new JsonObject();
            item.put(t.header().method().equals("POST") ? "post" : "get", operation(t));
            paths.put("/queries/" + t.name(), item);
        }
        doc.put("paths", paths);
        JsonArray tagList = new JsonArray();
        for (String tag : tags) {
            JsonObject o = new JsonObject();
            o.put("name", tag);
            tagList.add(o);
        }
        doc.put("tags", tagList);
        return doc;
    }

    private static JsonObject paging(String name, long min, long max, String description) {
        JsonObject p = new JsonObject();
        p.put("name", name);
        p.put("in", "query");
        p.put("required", false);
        p.put("description", description);
        JsonObject schema = type("integer");
        schema.put("minimum", min);
        schema.put("maximum", max);
        p.put("schema", schema);
        return p;
    }

    private static JsonObject listingPath() {
        JsonObject get = new JsonObject();
        get.put("operationId", "listSavedQueries");
        get.put("summary", "The saved queries, with their parameters");
        JsonObject responses = new JsonObject();
        JsonObject ok = new JsonObject();
        ok.put("description", "The saved queries (JSON), or a page listing them (HTML) for a client that prefers HTML");
        JsonObject content = new JsonObject();
        content.put("application/json", schemaOf(type("object")));
        content.put("text/html", schemaOf(type("string")));
        ok.put("content", content);
        responses.put("200", ok);
        get.put("responses", responses);
        JsonObject item = new JsonObject();
        item.put("get", get);
        return item;
    }

    private static JsonObject operation(QueryTemplate t) {
        JsonObject op = new JsonObject();
        op.put("operationId", t.name());
        op.put("summary", t.header().summary().isEmpty() ? t.name() : t.header().summary());
        StringBuilder d = new StringBuilder();
        if (!t.header().description().isEmpty())
            d.append(t.header().description()).append("\n\n");
        d.append("A ").append(t.type().name()).append(" query; also at `/queries/").append(t.name()).append(".{")
                .append(String.join(",", Negotiation.suffixes(t.answersRdf()).keySet())).append("}`. ")
                .append("GET and POST (form body) both work.\n\n```sparql\n").append(t.sparql()).append("```\n");
        if (!t.header().tags().isEmpty()) {
            // Swagger UI shows an operation once under each of its tags; one tag shows each query once
            // (issue 13). The other tags are named in the description.
            JsonArray tags = new JsonArray();
            tags.add(t.header().tags().get(0));
            op.put("tags", tags);
            if (t.header().tags().size() > 1)
                d.append("\nTags: ").append(String.join(", ", t.header().tags())).append(".\n");
        }
        op.put("description", d.toString());
        boolean post = t.header().method().equals("POST");
        JsonArray params = new JsonArray();
        JsonObject formProperties = new JsonObject();
        JsonArray formRequired = new JsonArray();
        for (QueryParameter p : t.parameters()) {
            if (post) {
                JsonObject s = schema(p);
                s.put("description", describe(p));
                formProperties.put(p.name(), s);
                if (p.required())
                    formRequired.add(p.name());
            } else {
                params.add(parameter(p));
            }
        }
        if (!post && !t.query().isAskType() && t.parameter("limit").isEmpty() && t.parameter("offset").isEmpty()) {
            // Issue 13: every saved query pages; a paged answer says 'Link: <...>; rel="next"'.
            params.add(paging("limit", 1, org.aihegemony.kg.query.Paging.MAX_LIMIT,
                    "At most this many rows (default: all; the HTML table shows 100). A next page is announced in a `Link: <…>; rel=\"next\"` header."));
            params.add(paging("offset", 0, org.aihegemony.kg.query.Paging.MAX_OFFSET, "Skip this many rows."));
        }
        if (!post && !params.isEmpty())
            op.put("parameters", params);
        if (post) {
            JsonObject body = new JsonObject();
            JsonObject form = type("object");
            form.put("properties", formProperties);
            if (!formRequired.isEmpty())
                form.put("required", formRequired);
            JsonObject content = new JsonObject();
            JsonObject media = schemaOf(form);
            JsonObject encoding = new JsonObject();
            for (QueryParameter p : t.parameters()) {
                if (p.repeatable()) {
                    JsonObject e = new JsonObject();
                    e.put("style", "form");
                    e.put("explode", true);
                    encoding.put(p.name(), e);
                }
            }
            if (!encoding.isEmpty())
                media.put("encoding", encoding);
            content.put("application/x-www-form-urlencoded", media);
            body.put("content", content);
            body.put("required", !formRequired.isEmpty());
            op.put("requestBody", body);
        }
        JsonObject responses = new JsonObject();
        JsonObject ok = new JsonObject();
        ok.put("description", t.answersRdf() ? "The graph the query constructs" : "The query's answer");
        JsonObject content = new JsonObject();
        for (ResultFormat f : Negotiation.suffixes(t.answersRdf()).values())
            content.put(f.mediaType(), schemaOf(f == ResultFormat.JSON || f == ResultFormat.JSONLD ? type("object") : type("string")));
        ok.put("content", content);
        responses.put("200", ok);
        responses.put("400", textResponse("A parameter is missing, unknown, of the wrong type or not among the allowed values; the message names it"));
        responses.put("404", textResponse("No saved query of this name, or no such format for it"));
        responses.put("406", textResponse("The Accept header allows none of the answer's formats"));
        responses.put("503", textResponse("The query ran past the time limit, or its answer is too large"));
        op.put("responses", responses);
        return op;
    }

    private static JsonObject parameter(QueryParameter p) {
        JsonObject o = new JsonObject();
        o.put("name", p.name());
        o.put("in", "query");
        o.put("description", describe(p));
        o.put("required", p.required());
        o.put("style", "form");
        o.put("explode", true);
        o.put("schema", schema(p));
        return o;
    }

    private static String describe(QueryParameter p) {
        ParameterType t = p.type();
        String what = switch (t.kind()) {
            case IRI -> "An absolute IRI (or a prefixed name with one of the query's prefixes)";
            case STRING -> "A string";
            case LANG_STRING -> "A string, bound as a literal tagged @" + t.language();
            case NUMBER -> "A number (xsd:integer, xsd:decimal or xsd:double by its form)";
            case TYPED -> "A literal of datatype " + (t.datatype().startsWith(XSD) ? "xsd:" + t.datatype().substring(XSD.length())
                    : "<" + t.datatype() + ">");
        };
        return what + ", bound to `?" + p.variable() + "`."
                + (p.repeatable() ? " Repeat the parameter to give several values." : " One value.")
                + (p.fromStore() ? " The allowed values are those found in the graph." : "");
    }

    /** The parameter's schema: its value's, or an array of them when it may be repeated. */
    private static JsonObject schema(QueryParameter p) {
        JsonObject item = valueSchema(p.type());
        if (!p.allowed().isEmpty()) {
            JsonArray e = new JsonArray();
            p.allowed().forEach(v -> e.add(jsonValue(item, v)));
            item.put("enum", e);
        }
        if (!p.repeatable()) {
            if (!p.defaults().isEmpty())
                item.put("default", jsonValue(item, p.defaults().get(0)));
            return item;
        }
        JsonObject array = type("array");
        array.put("items", item);
        if (!p.defaults().isEmpty()) {
            JsonArray d = new JsonArray();
            p.defaults().forEach(v -> d.add(jsonValue(item, v)));
            array.put("default", d);
        }
        return array;
    }

    /** The JSON Schema of one value of an RDF term type. */
    static JsonObject valueSchema(ParameterType t) {
        return switch (t.kind()) {
            case IRI -> format(type("string"), "iri");
            case STRING, LANG_STRING -> type("string");
            case NUMBER -> type("number");
            case TYPED -> typed(t.datatype());
        };
    }

    private static JsonObject typed(String datatype) {
        if (!datatype.startsWith(XSD))
            return type("string");
        String local = datatype.substring(XSD.length());
        return switch (local) {
            case "integer", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte" ->
                    local.startsWith("unsigned") ? minimum(type("integer"), 0) : type("integer");
            case "positiveInteger" -> minimum(type("integer"), 1);
            case "nonNegativeInteger" -> minimum(type("integer"), 0);
            case "negativeInteger" -> maximum(type("integer"), -1);
            case "nonPositiveInteger" -> maximum(type("integer"), 0);
            case "decimal", "double", "float" -> type("number");
            case "boolean" -> type("boolean");
            case "date" -> format(type("string"), "date");
            case "dateTime" -> format(type("string"), "date-time");
            case "time" -> format(type("string"), "time");
            case "duration" -> format(type("string"), "duration");
            case "anyURI" -> format(type("string"), "uri-reference");
            case "gYear" -> pattern(type("string"), "^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$");
            case "gYearMonth" -> pattern(type("string"), "^-?[0-9]{4,}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$");
            default -> type("string");
        };
    }

    /** A value in the JSON type its schema declares (so an enumeration of integers lists numbers). */
    private static JsonValue jsonValue(JsonObject schema, String v) {
        String type = schema.get("type").getAsString().value();
        try {
            return switch (type) {
                case "integer" -> JsonNumber.value(new BigDecimal(v.strip().replaceFirst("^\\+", "")).longValueExact());
                case "number" -> JsonNumber.value(new BigDecimal(v.strip().replaceFirst("^\\+", "")));
                case "boolean" -> new JsonBoolean(v.strip().equals("true") || v.strip().equals("1"));
                default -> new JsonString(v);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return new JsonString(v);
        }
    }

    private static JsonObject textResponse(String description) {
        JsonObject r = new JsonObject();
        r.put("description", description);
        JsonObject content = new JsonObject();
        content.put("text/plain", schemaOf(type("string")));
        r.put("content", content);
        return r;
    }

    private static JsonObject schemaOf(JsonObject schema) {
        JsonObject o = new JsonObject();
        o.put("schema", schema);
        return o;
    }

    private static JsonObject type(String type) {
        JsonObject o = new JsonObject();
        o.put("type", type);
        return o;
    }

    private static JsonObject format(JsonObject o, String format) {
        o.put("format", format);
        return o;
    }

    private static JsonObject pattern(JsonObject o, String pattern) {
        o.put("pattern", pattern);
        return o;
    }

    private static JsonObject minimum(JsonObject o, long min) {
        o.put("minimum", min);
        return o;
    }

    private static JsonObject maximum(JsonObject o, long max) {
        o.put("maximum", max);
        return o;
    }
}
