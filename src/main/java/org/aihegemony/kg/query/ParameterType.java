package org.aihegemony.kg.query;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;
import org.apache.jena.langtagx.LangTagX;
import org.apache.jena.riot.process.normalize.CanonicalizeLiteral;
import org.apache.jena.shared.PrefixMapping;

/**
 * The RDF term type of a saved-query parameter, as its variable's suffix declares it (grlc's convention):
 * {@code _iri}, {@code _number}, {@code _literal} (or none: a plain string), an XSD datatype name
 * ({@code _integer}, {@code _decimal}, {@code _boolean}, {@code _date}, ...), {@code _prefix_local} for any
 * datatype, or a language tag ({@code _ko}, {@code _en}).
 * <p>
 * {@link #toNode} turns a request's text into one RDF term of this type, or refuses it: the value is
 * never spliced into query text, so nothing in it can change the query's structure.
 *
 * @param kind     what the value becomes
 * @param datatype the datatype IRI ({@link Kind#TYPED} only)
 * @param language the language tag ({@link Kind#LANG_STRING} only)
 */
public record ParameterType(Kind kind, String datatype, String language) {

    public enum Kind {
        /** An absolute IRI (or a prefixed name using one of the query's prefixes). */
        IRI,
        /** A plain string literal ({@code xsd:string}). */
        STRING,
        /** A literal with a language tag. */
        LANG_STRING,
        /** A literal of a datatype, validated against it when the datatype is known. */
        TYPED,
        /** A SPARQL numeric literal: xsd:integer, xsd:decimal or xsd:double by its form (grlc's {@code _number}). */
        NUMBER
    }

    static final String XSD = XSDDatatype.XSD + "#";

    /** The XSD datatype names grlc recognises (its {@code XSD_DATATYPES}), usable as a one-word suffix here. */
    static final List<String> XSD_NAMES = List.of("decimal", "float", "double", "integer", "positiveInteger",
            "negativeInteger", "nonPositiveInteger", "nonNegativeInteger", "long", "int", "short", "byte",
            "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "dateTime", "date", "gYearMonth",
            "gYear", "duration", "gMonthDay", "gDay", "gMonth", "string", "normalizedString", "token", "language",
            "NMTOKEN", "NMTOKENS", "Name", "NCName", "ID", "IDREFS", "ENTITY", "ENTITIES", "QName", "boolean",
            "hexBinary", "base64Binary", "anyURI", "notation");

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]*\\.[0-9]+");
    private static final Pattern DOUBLE = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)[eE][+-]?[0-9]+");
    private static final Pattern PREFIXED_NAME = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)?:(.*)", Pattern.DOTALL);

    public static final ParameterType IRI = new ParameterType(Kind.IRI, null, null);
    public static final ParameterType STRING = new ParameterType(Kind.STRING, null, null);
    public static final ParameterType NUMBER = new ParameterType(Kind.NUMBER, null, null);

    public static ParameterType typed(String datatypeIri) {
        return new ParameterType(Kind.TYPED, datatypeIri, null);
    }

    public static ParameterType language(String tag) {
        return new ParameterType(Kind.LANG_STRING, null, tag);
    }

    /**
     * The short name of the type for people and the listing: {@code iri}, {@code string}, {@code number},
     * the XSD local name ({@code integer}, {@code date}), or the datatype IRI for other datatypes.
     */
    public String label() {
        return switch (kind) {
            case IRI -> "iri";
            case STRING, LANG_STRING -> "string";
            case NUMBER -> "number";
            case TYPED -> datatype.startsWith(XSD) ? datatype.substring(XSD.length()) : datatype;
        };
    }

    /** A phrase for error messages: "an IRI", "an xsd:integer", "a string". */
    public String phrase() {
        return switch (kind) {
            case IRI -> "an absolute IRI";
            case STRING -> "a string";
            case LANG_STRING -> "a string (tagged @" + language + ")";
            case NUMBER -> "a number";
            case TYPED -> (datatype.startsWith(XSD) ? "an xsd:" + datatype.substring(XSD.length()) : "a <" + datatype + ">")
                    + " literal";
        };
    }

    /**
     * Parses one value into an RDF term of this type.
     *
     * @param prefixes the query's prefixes; an IRI value may be written as a prefixed name using them
     * @throws IllegalArgumentException with a short reason when the value is not of this type
     */
    public Node toNode(String value, PrefixMapping prefixes) {
        return switch (kind) {
            case IRI -> iri(value, prefixes);
            case STRING -> NodeFactory.createLiteralString(value);
            case LANG_STRING -> NodeFactory.createLiteralLang(value, language);
            case NUMBER -> number(value.strip());
            case TYPED -> typedLiteral(value);
        };
    }

    private static Node iri(String value, PrefixMapping prefixes) {
        String v = value.strip();
        var m = PREFIXED_NAME.matcher(v);
        if (m.matches() && prefixes != null) {
            String ns = prefixes.getNsPrefixURI(m.group(1) == null ? "" : m.group(1));
            if (ns != null && !m.group(2).startsWith("//"))
                v = ns + m.group(2);
        }
        IRIx iri;
        try {
            iri = IRIx.create(v);
        } catch (IRIException e) {
            throw new IllegalArgumentException("not a valid IRI");
        }
        // An "RDF reference": a scheme, and a host when the scheme is hierarchical; a fragment is fine.
        if (!iri.isReference())
            throw new IllegalArgumentException("not an absolute IRI");
        StringBuilder errors = new StringBuilder();
        iri.handleViolations((isError, msg) -> {
            if (isError && errors.isEmpty())
                errors.append(msg);
        });
        if (!errors.isEmpty())
            throw new IllegalArgumentException("not a valid IRI");
        return NodeFactory.createURI(v);
    }

    private static Node number(String v) {
        RDFDatatype dt;
        if (INTEGER.matcher(v).matches())
            dt = XSDDatatype.XSDinteger;
        else if (DECIMAL.matcher(v).matches())
            dt = XSDDatatype.XSDdecimal;
        else if (DOUBLE.matcher(v).matches())
            dt = XSDDatatype.XSDdouble;
        else
            throw new IllegalArgumentException("not a number");
        return CanonicalizeLiteral.get().apply(NodeFactory.createLiteralDT(v, dt));
    }

    private Node typedLiteral(String value) {
        RDFDatatype dt = TypeMapper.getInstance().getSafeTypeByName(datatype);
        // XSD's whitespace facet collapses surrounding spaces for every type but xsd:string.
        String v = datatype.equals(XSD + "string") ? value : value.strip();
        if (!dt.isValid(v))
            throw new IllegalArgumentException("not " + phrase());
        Node n = NodeFactory.createLiteralDT(v, dt);
        return datatype.startsWith(XSD) ? CanonicalizeLiteral.get().apply(n) : n;
    }

    /** Whether a term read from the store has this type (used to list a parameter's values from the data). */
    public boolean accepts(Node n) {
        return switch (kind) {
            case IRI -> n.isURI();
            case STRING -> n.isLiteral() && XSDDatatype.XSDstring.getURI().equals(n.getLiteralDatatypeURI())
                    && n.getLiteralLanguage().isEmpty();
            case LANG_STRING -> n.isLiteral() && LangTagX.sameLanguageTagAs(n.getLiteralLanguage(), language);
            case NUMBER -> n.isLiteral() && (n.getLiteralDatatype() instanceof XSDDatatype x) && isNumeric(x);
            case TYPED -> n.isLiteral() && datatype.equals(n.getLiteralDatatypeURI());
        };
    }

    private static boolean isNumeric(XSDDatatype dt) {
        return dt.isValidValue(1) || XSDDatatype.XSDdecimal.equals(dt) || XSDDatatype.XSDdouble.equals(dt)
                || XSDDatatype.XSDfloat.equals(dt);
    }

    /** The text form of a term of this type, as a request would give it. */
    public static String text(Node n) {
        return n.isURI() ? n.getURI() : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    }

    /**
     * The type a variable-name suffix declares.
     *
     * @param suffix   the part after the parameter name, split at '_': empty, one or two parts
     * @param prefixes the query's prefixes, to resolve {@code _prefix_local}
     * @throws IllegalArgumentException when the suffix declares no known type
     */
    static ParameterType fromSuffix(List<String> suffix, PrefixMapping prefixes) {
        if (suffix.isEmpty())
            return STRING;
        if (suffix.size() == 1) {
            String s = suffix.get(0);
            switch (s) {
                case "iri": return IRI;
                case "number": return NUMBER;
                case "literal", "string": return STRING;
                default: break;
            }
            if (XSD_NAMES.contains(s))
                return xsd(s);
            if (!s.matches("[A-Za-z]{2,3}|[A-Za-z]{5,8}") || !LangTagX.checkLanguageTag(s))
                throw new IllegalArgumentException("_" + s + " is neither a type (iri, number, literal, string, an XSD"
                        + " datatype such as integer or date) nor a language tag");
            return language(s.toLowerCase(Locale.ROOT));
        }
        if (suffix.size() == 2) {
            String prefix = suffix.get(0);
            String local = suffix.get(1);
            String ns = prefixes == null ? null : prefixes.getNsPrefixURI(prefix);
            if (prefix.equals("xsd") && (ns == null || ns.equals(XSD)))
                return xsd(local);
            if (ns == null)
                throw new IllegalArgumentException("_" + prefix + "_" + local + ": the prefix " + prefix
                        + ": is not declared in the query");
            return typed(ns + local);
        }
        throw new IllegalArgumentException("a type suffix has one or two parts");
    }

    private static ParameterType xsd(String local) {
        String iri = XSD + local;
        RDFDatatype dt = TypeMapper.getInstance().getTypeByName(iri);
        if (!(dt instanceof XSDDatatype))
            throw new IllegalArgumentException("xsd:" + local + " is not an XSD datatype Jena knows");
        return typed(iri);
    }
}
