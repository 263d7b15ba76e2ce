package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.util.IsoMatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /context.jsonld} and compact JSON-LD descriptions, for {@code application/json} too. */
class TestJsonLdContext {
    @TempDir static Path tmp;
    static LinkedDataServer ld;

    @BeforeAll
    static void start() { ld = LinkedDataServer.start(tmp); }

    @AfterAll
    static void stop() { if (ld != null) ld.close(); }

    @Test
    void contextGivesReadableKeysForTheOntologysTerms() {
        HttpResponse<String> r = ld.get("/context.jsonld");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/ld+json"), "type: " + r.headers());
        JsonObject cxt = JSON.parse(r.body()).get("@context").getAsObject();
        assertEquals("aih:acquired", cxt.get("acquired").getAsObject().getString("@id"), "object property: " + cxt.get("acquired"));
        assertEquals("@id", cxt.get("acquired").getAsObject().getString("@type"), "its values are IRIs");
        assertEquals("aih:Platform", cxt.getString("Platform"), "class");
        assertEquals("@language", cxt.get("label").getAsObject().getString("@container"), "labels by language");
        assertEquals("https://w3id.org/aihegemony/ontology#", cxt.getString("aih"), "prefix");
    }

    @Test
    void plainJsonGetsCompactJsonLdInsteadOf406() {
        HttpResponse<String> r = ld.get("/data/kaggle", "Accept", "application/json");
        assertEquals(200, r.statusCode(), "application/json: " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "type: " + r.headers());
        String body = r.body();
        assertTrue(body.contains("\"@context\""), "has a context: " + body);
        assertTrue(body.replaceAll("\\s", "").contains("\"label\":{\"en\":\"Kaggle\",\"ko\":\"캐글\"}")
                || body.replaceAll("\\s", "").contains("\"label\":{\"ko\":\"캐글\",\"en\":\"Kaggle\"}"), "readable labels: " + body);
        HttpResponse<String> see = ld.get("/id/kaggle", "Accept", "application/json");
        assertEquals(303, see.statusCode(), "the IRI sends a JSON client to the data");
        assertEquals("/data/kaggle", see.headers().firstValue("Location").orElse(""), "Location");
    }

    @Test
    void compactJsonLdHoldsTheSameTriplesAsTurtle() {
        for (String accept : new String[] { "application/json", "application/ld+json" }) {
            Graph json = TestResourceRoutes.parse(ld.get("/data/kaggle", "Accept", accept).body(), Lang.JSONLD);
            Graph turtle = TestResourceRoutes.parse(ld.get("/data/kaggle", "Accept", "text/turtle").body(), Lang.TURTLE);
            assertTrue(IsoMatcher.isomorphic(json, turtle), accept + " and Turtle describe the same: " + json.size() + " vs " + turtle.size());
        }
        assertTrue(ld.get("/data/kaggle.jsonld").body().contains("\"acquired\""), "the .jsonld document uses the keys too");
    }

    @Test
    void anythingStillGetsTurtle() {
        HttpResponse<String> r = ld.get("/data/kaggle", "Accept", "*/*");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/turtle"), "*/*: " + r.headers());
    }
}
