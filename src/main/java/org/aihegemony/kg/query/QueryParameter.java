package org.aihegemony.kg.query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.shared.PrefixMapping;

/**
 * A parameter of a saved query, declared by a variable following grlc's convention: {@code ?_name}
 * (required) or {@code ?__name} (optional), with an optional type suffix ({@code ?_company_iri},
 * {@code ?__year_integer}, {@code ?_label_ko}, {@code ?_day_xsd_date}). The name is letters and digits.
 *
 * @param name          the API name ({@code company}), used in query strings and {@code --param}
 * @param variable      the variable's name without {@code ?} ({@code _company_iri})
 * @param type          the RDF term type values are parsed into
 * @param declared      whether the variable says required ({@code ?_}) rather than optional ({@code ?__})
 * @param defaults      the values used when a request gives none ({@code #+ defaults:})
 * @param allowed       the only values accepted, or empty for any ({@code #+ enumerate:})
 * @param fromStore     the allowed values are to be read from the store ({@code #+ enumerate: - name})
 * @param repeatable    whether several values can be bound at once (as a {@code VALUES} block)
 */
public record QueryParameter(String name, String variable, ParameterType type, boolean declared,
        List<String> defaults, List<String> allowed, boolean fromStore, boolean repeatable) {

    /** {@code _} or {@code __}, the name, then the type suffix parts. */
    private static final Pattern VARIABLE = Pattern.compile("(_{1,2})([A-Za-z0-9]+)((?:_[A-Za-z0-9]+)*)");

    public QueryParameter {
        defaults = List.copyOf(defaults);
        allowed = List.copyOf(allowed);
    }

    /** Whether a request must give a value: declared required and without a default. */
    public boolean required() {
        return declared && defaults.isEmpty();
    }

    public QueryParameter withDefaults(List<String> d) {
        return new QueryParameter(name, variable, type, declared, d, allowed, fromStore, repeatable);
    }

    public QueryParameter withAllowed(List<String> a, boolean store) {
        return new QueryParameter(name, variable, type, declared, defaults, a, store, repeatable);
    }

    public QueryParameter withRepeatable(boolean r) {
        return new QueryParameter(name, variable, type, declared, defaults, allowed, fromStore, r);
    }

    /** Whether a variable name is meant as a parameter: it starts with an underscore. */
    static boolean isParameterVariable(String varName) {
        return varName.startsWith("_");
    }

    /**
     * The parameter a variable declares.
     *
     * @throws IllegalArgumentException when the name does not follow the convention
     */
    static QueryParameter fromVariable(String varName, PrefixMapping prefixes) {
        Matcher m = VARIABLE.matcher(varName);
        List<String> suffix = new ArrayList<>();
        if (m.matches())
            for (String part : m.group(3).split("_"))
                if (!part.isEmpty())
                    suffix.add(part);
        if (!m.matches() || suffix.size() > 2)
            throw new IllegalArgumentException("?" + varName + " starts with '_' but is not a parameter: write ?_name"
                    + " (required) or ?__name (optional), the name in letters and digits, then an optional type"
                    + " suffix such as _iri, _integer, _en or _xsd_date");
        ParameterType type;
        try {
            type = ParameterType.fromSuffix(suffix, prefixes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("?" + varName + ": " + e.getMessage());
        }
        return new QueryParameter(m.group(2), varName, type, m.group(1).length() == 1, List.of(), List.of(), false, true);
    }
}
