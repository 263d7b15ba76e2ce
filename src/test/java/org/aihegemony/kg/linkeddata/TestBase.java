package org.aihegemony.kg.linkeddata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.Test;

/** The mapping between IRIs under the base and this server's paths, and content negotiation. */
class TestBase {
    @Test
    void iriUnderTheBaseMapToLocalPaths() {
        Base b = new Base("https://example.org/kg/");
        assertEquals(Optional.of("x"), b.nameOf(NodeFactory.createURI("https://example.org/kg/id/x")), "a resource name");
        assertEquals(Optional.empty(), b.nameOf(NodeFactory.createURI("https://w3id.org/aihegemony/id/x")), "another base is not ours");
        assertEquals("/page/x", b.href(NodeFactory.createURI("https://example.org/kg/id/x")), "pages link our IRIs locally");
        assertEquals("/term/Actor", b.href(NodeFactory.createURI("https://example.org/kg/ontology#Actor")), "terms to term pages");
        assertEquals("https://schema.org/Place", b.href(NodeFactory.createURI("https://schema.org/Place")), "others as they are");
        assertEquals("https://example.org/kg/kg/sparql", b.sparqlEndpoint(), "the endpoint under the base");
        assertThrows(IllegalArgumentException.class, () -> new Base("https://example.org/kg"), "a base ends in /");
    }

    @Test
    void negotiationFollowsWeightsThenTheServersOrder() {
        List<String> offers = List.of("text/turtle", "application/ld+json", "text/html");
        assertEquals(Optional.of("text/turtle"), Negotiation.choose("*/*", offers), "*/* gets the first offer");
        assertEquals(Optional.of("text/turtle"), Negotiation.choose(null, offers), "no header is */*");
        assertEquals(Optional.of("text/html"), Negotiation.choose(TestResourceRoutes.BROWSER, offers), "a browser gets HTML");
        assertEquals(Optional.of("application/ld+json"), Negotiation.choose("application/ld+json, */*;q=0.1", offers), "JSON-LD");
        assertEquals(Optional.of("application/ld+json"), Negotiation.choose("text/*;q=0.3, application/*", offers), "by type range");
        assertEquals(Optional.of("text/html"), Negotiation.choose("text/turtle;q=0, text/*", offers), "q=0 refuses; the next best wins");
        assertEquals(Optional.empty(), Negotiation.choose("image/png", offers), "nothing acceptable");
        assertTrue(Negotiation.choose("garbage", offers).isEmpty(), "an unparseable header accepts nothing");
    }
}
