package org.aihegemony.kg.query;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.aihegemony.kg.ErrorCode;
import org.aihegemony.kg.KgException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code #+} header of a saved query, grlc's decorators: every line starting with {@code #+} is,
 * without those characters, a line of one YAML document (or JSON, which is YAML too). Recognised:
 * <ul>
 * <li>{@code summary:}, {@code description:} text;</li>
 * <li>{@code tags:} a list of names (or one name);</li>
 * <li>{@code defaults:} a list of {@code - name: value} (or a mapping); a value may be a list;</li>
 * <li>{@code enumerate:} a list whose items are {@code - name: [values]} (the allowed values) or a bare
 * {@code - name} (the values the query's pattern finds in the store);</li>
 * <li>{@code method:} GET or POST, the method the API description shows (the server accepts both).</li>
 * </ul>
 * grlc's {@code endpoint}, {@code endpoint_in_url}, {@code endpoint-method}, {@code pagination} and
 * {@code transform} are refused: a saved query runs on this server's store, as it is written. Any other
 * key is refused too, so that a typo does not silently drop a setting. Errors name the file and line.
 *
 * @param summary     one line, or empty
 * @param description free text, or empty
 * @param tags        the tags, in order
 * @param method      {@code GET} or {@code POST}
 * @param defaults    default values by parameter name
 * @param enumerate   allowed values by parameter name
 */
public record QueryHeader(String summary, String description, List<String> tags, String method,
        Map<String, Entry> defaults, Map<String, Entry> enumerate) {

    /**
     * The values a header gives one parameter.
     *
     * @param values    the values, as text
     * @param fromStore for {@code enumerate}: the values are to be found in the store, not listed
     * @param line      the line of the file that gives them
     */
    public record Entry(List<String> values, boolean fromStore, int line) { }

    static final Set<String> REFUSED = Set.of("endpoint", "endpoint_in_url", "endpoint-method", "pagination", "transform");
    static final List<String> KNOWN = List.of("summary", "description", "tags", "defaults", "enumerate", "method");

    public static final QueryHeader NONE = new QueryHeader("", "", List.of(), "GET", Map.of(), Map.of());

    /**
     * Reads the header of a query file.
     *
     * @param text   the whole file
     * @param source the file's path, for error messages
     */
    public static QueryHeader parse(String text, String source) {
        List<Integer> fileLines = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!line.startsWith("#+"))
                continue;
            int k = 0;
            while (k < line.length() && (line.charAt(k) == '#' || line.charAt(k) == '+'))
                k++;
            yaml.append(line, k, line.length()).append('\n');
            fileLines.add(i + 1);
        }
        if (fileLines.isEmpty())
            return NONE;
        return new Reader(source, fileLines).read(yaml.toString());
    }

    /** Reads the YAML node tree, keeping file lines for every error. */
    private static final class Reader {
        private final String source;
        private final List<Integer> fileLines;

        Reader(String source, List<Integer> fileLines) {
            this.source = source;
            this.fileLines = fileLines;
        }

        private int line(Node n) {
            return line(n.getStartMark().getLine());
        }

        private int line(int yamlLine) {
            return fileLines.get(Math.max(0, Math.min(yamlLine, fileLines.size() - 1)));
        }

        private KgException error(int fileLine, String message) {
            return new KgException(ErrorCode.QUERY_SYNTAX, source + ":" + fileLine + ": " + message);
        }

        QueryHeader read(String yaml) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            Node root;
            try {
                root = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
            } catch (MarkedYAMLException e) {
                int at = e.getProblemMark() != null ? e.getProblemMark().getLine()
                        : e.getContextMark() != null ? e.getContextMark().getLine() : 0;
                throw error(line(at), "malformed #+ header: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
            } catch (YAMLException e) {
                throw error(line(0), "malformed #+ header: " + firstLine(e.getMessage()));
            }
            if (root == null)
                return NONE;
            if (!(root instanceof MappingNode map))
                throw error(line(root), "the #+ header must be decorators, one per line: '#+ summary: ...'");

            String summary = "";
            String description = "";
            List<String> tags = List.of();
            String method = "GET";
            Map<String, Entry> defaults = Map.of();
            Map<String, Entry> enumerate = Map.of();
            Set<String> seen = new java.util.HashSet<>();
            for (NodeTuple t : map.getValue()) {
                String key = scalar(t.getKeyNode(), "a decorator name");
                Node value = t.getValueNode();
                int at = line(t.getKeyNode());
                if (!seen.add(key))
                    throw error(at, "#+ " + key + " is given twice");
                if (REFUSED.contains(key))
                    throw error(at, "#+ " + key + " is not supported: a saved query runs on this server's own store, as written");
                switch (key) {
                    case "summary" -> summary = text(value, key);
                    case "description" -> description = text(value, key);
                    case "tags" -> tags = names(value, key);
                    case "method" -> {
                        method = text(value, key).toUpperCase(Locale.ROOT);
                        if (!method.equals("GET") && !method.equals("POST"))
                            throw error(line(value), "#+ method must be GET or POST, not " + text(value, key));
                    }
                    case "defaults" -> defaults = entries(value, key, false);
                    case "enumerate" -> enumerate = entries(value, key, true);
                    default -> throw error(at, "unknown decorator #+ " + key + " (known: " + String.join(", ", KNOWN) + ")");
                }
            }
            return new QueryHeader(summary, description, tags, method, defaults, enumerate);
        }

        private static String firstLine(String s) {
            if (s == null)
                return "";
            int i = s.indexOf('\n');
            return (i < 0 ? s : s.substring(0, i)).strip();
        }

        private String scalar(Node n, String what) {
            if (n instanceof ScalarNode s)
                return s.getValue();
            throw error(line(n), "expected " + what + ", found a " + kind(n));
        }

        private String text(Node n, String key) {
            if (n instanceof ScalarNode s)
                return s.getValue().strip();
            throw error(line(n), "#+ " + key + " takes text, not a " + kind(n));
        }

        private static String kind(Node n) {
            return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "value";
        }

        /** A scalar or a list of scalars. */
        private List<String> names(Node n, String key) {
            if (n instanceof ScalarNode s)
                return s.getValue().isBlank() ? List.of() : List.of(s.getValue().strip());
            if (!(n instanceof SequenceNode seq))
                throw error(line(n), "#+ " + key + " takes a list");
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s))
                    throw error(line(item), "#+ " + key + ": each item is one value, not a " + kind(item));
                out.add(s.getValue().strip());
            }
            return Collections.unmodifiableList(out);
        }

        /**
         * grlc's shape, a list of one-key mappings ({@code - year: 2019}), or a plain mapping; for
         * {@code enumerate}, a bare name item stands for "the values in the store".
         */
        private Map<String, Entry> entries(Node n, String key, boolean bareNames) {
            Map<String, Entry> out = new LinkedHashMap<>();
            List<NodeTuple> pairs = new ArrayList<>();
            if (n instanceof MappingNode m) {
                pairs.addAll(m.getValue());
            } else if (n instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (item instanceof ScalarNode s && bareNames) {
                        String name = s.getValue().strip();
                        if (out.put(name, new Entry(List.of(), true, line(item))) != null)
                            throw error(line(item), "#+ " + key + " names " + name + " twice");
                    } else if (item instanceof MappingNode m && m.getValue().size() == 1) {
                        pairs.add(m.getValue().get(0));
                    } else {
                        throw error(line(item), "#+ " + key + ": each item is '- name: "
                                + (bareNames ? "[values]' or '- name'" : "value'"));
                    }
                }
            } else if (!(n instanceof ScalarNode s && s.getValue().isBlank())) {
                throw error(line(n), "#+ " + key + " takes a list of '- name: value'");
            }
            for (NodeTuple t : pairs) {
                String name = scalar(t.getKeyNode(), "a parameter name").strip();
                List<String> values = names(t.getValueNode(), key + " " + name);
                if (values.isEmpty())
                    throw error(line(t.getKeyNode()), "#+ " + key + " gives " + name + " no value");
                if (out.put(name, new Entry(values, false, line(t.getKeyNode()))) != null)
                    throw error(line(t.getKeyNode()), "#+ " + key + " names " + name + " twice");
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
