package org.aihegemony.kg.linkeddata;

import java.util.Optional;

import org.aihegemony.kg.vocab.AIH;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * The IRI space this server answers for: the base ({@code https://w3id.org/aihegemony/} unless
 * {@code --base} says otherwise) is mapped to the server's root, so {@code {base}id/google} is
 * looked up at {@code /id/google}. Links in HTML pages to IRIs under the base point into this server;
 * every other IRI is linked as it is.
 */
public record Base(String iri) {
    public Base {
        if (iri == null || !(iri.startsWith("http://") || iri.startsWith("https://")) || !iri.endsWith("/"))
            throw new IllegalArgumentException("The base must be an http(s) IRI ending in '/': " + iri);
    }

    public static Base standard() {
        return new Base(AIH.BASE);
    }

    public String id() { return iri + "id/"; }
    public String ontology() { return iri + "ontology"; }
    public String ns() { return ontology() + "#"; }
    public String sparqlEndpoint() { return iri + "kg/sparql"; }

    public Node resource(String name) {
        return NodeFactory.createURI(id() + name);
    }

    /** The resource name of an IRI under {@code {base}id/}, if it is one. */
    public Optional<String> nameOf(Node n) {
        if (n == null || !n.isURI() || !n.getURI().startsWith(id()))
            return Optional.empty();
        String name = n.getURI().substring(id().length());
        return name.isEmpty() || name.contains("/") || name.contains("#") ? Optional.empty() : Optional.of(name);
    }

    /** The local name of an ontology term ({@code {base}ontology#Term}), if it is one. */
    public Optional<String> termOf(Node n) {
        if (n == null || !n.isURI() || !n.getURI().startsWith(ns()))
            return Optional.empty();
        String t = n.getURI().substring(ns().length());
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    /**
     * Where a person's browser should go for an IRI: a page of this server, or the IRI itself when it is
     * an {@code http}, {@code https} or {@code mailto} IRI; otherwise "" (not a link: a {@code javascript:}
     * or {@code data:} IRI in the data must never become a clickable link).
     */
    public String href(Node n) {
        Optional<String> name = nameOf(n);
        if (name.isPresent())
            return "/page/" + name.get();
        Optional<String> term = termOf(n);
        if (term.isPresent())
            return "/term/" + term.get();
        if (n.isURI() && n.getURI().equals(ontology()))
            return "/ontology";
        return n.isURI() && linkable(n.getURI()) ? n.getURI() : "";
    }

    /** Whether an IRI may be a link on a page: only the schemes that cannot run code. */
    public static boolean linkable(String iri) {
        String lower = iri.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:");
    }

    /**
     * The one segment after a servlet's path ({@code /google.ttl} → {@code google.ttl}), or null. The
     * container has already decoded the path info, so it is not decoded again.
     */
    static String segment(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.indexOf('/', 1) >= 0)
            return null;
        return pathInfo.substring(1);
    }
}
