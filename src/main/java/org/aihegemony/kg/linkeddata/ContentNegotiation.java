package org.aihegemony.kg.linkeddata;

import java.util.ArrayList;
import java.util.List;

/**
 * What the linked-data routes offer beyond the RDF formats: plain JSON ({@code application/json}), answered
 * with compact JSON-LD whose keys come from {@code /context.jsonld}, so a program that only knows JSON
 * gets the description instead of 406. Offered last, so a client that accepts anything still gets Turtle.
 * (A step toward one content-negotiation class; {@link Negotiation} does the matching.)
 */
public final class ContentNegotiation {
    public static final String JSON = "application/json";

    private ContentNegotiation() {}

    static List<String> withJson(List<String> offers) {
        List<String> l = new ArrayList<>(offers);
        l.add(JSON);
        return List.copyOf(l);
    }
}
