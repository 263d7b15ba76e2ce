package org.aihegemony.kg.linkeddata.describe;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.jena.atlas.io.IO;
import org.apache.jena.atlas.io.AWriterBase;
import org.apache.jena.atlas.io.IndentedWriter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.out.NodeFormatter;
import org.apache.jena.riot.out.NodeFormatterNT;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.writer.WriterStreamRDFBlocks;
import org.apache.jena.riot.RIOT;
import org.apache.jena.atlas.lib.CharSpace;
import org.apache.jena.sparql.core.Quad;

/**
 * The dump writers: what Jena's streaming writers for {@code RDFFormat.NQUADS}, {@code TRIG_BLOCKS} and
 * {@code TURTLE_BLOCKS} write, byte for byte, at a fraction of their cost. A dump of a million quads spent
 * most of its time not in deciding what to write but in writing it: every term formatted again each
 * time it occurs (the same subjects, predicates and graphs, over and over: prefix look-ups, IRI character
 * checks), every character passed one at a time through Jena's {@code IndentedWriter} and a synchronised
 * {@code BufferedWriter}, and the file flushed at every graph and subject. These writers are Jena's, with
 * three parts replaced: a term is formatted once and its text kept ({@link TermCache}, a bounded table),
 * text goes into the file in runs ({@link FastIndentedWriter}, {@link Utf8Writer}, which only flushes
 * when full or closed), and the blocks writers' predicate widths ({@code Widths}) are kept per predicate.
 * Layout decisions are Jena's own code, repeated here where it is private ({@code printBatch},
 * {@code writePredicateObjectList}); {@code TestDumpWriters} holds them to Jena's output.
 */
public final class DumpWriters {
    private DumpWriters() {}

    /** Terms whose text each writer keeps (a direct-mapped table; a miss formats the term again). */
    static final int TERMS = 1 << 14;

    /** An N-Quads writer (UTF-8), as {@code StreamRDFWriter.getWriterStream(out, RDFFormat.NQUADS)}. */
    public static StreamRDF nquads(OutputStream out) { return new Lines(out); }

    /**
     * Jena's {@code WriterStreamRDFPlain} (N-Triples and N-Quads, UTF-8): a line of terms, each formatted by
     * {@link NodeFormatterNT}, separated by a space, the graph left out when it is the default graph;
     * here each term's UTF-8 bytes are kept and the line put together from them.
     */
    static final class Lines implements StreamRDF {
        private static final byte[] SPACE = { ' ' };
        private static final byte[] END = { ' ', '.', '\n' };
        private final Utf8Writer out;
        private final TermCache<byte[]> terms;

        Lines(OutputStream out) {
            this.out = new Utf8Writer(out);
            NodeFormatter nt = new NodeFormatterNT(CharSpace.UTF8);
            TextBuffer text = new TextBuffer();
            this.terms = new TermCache<>(n -> {
                text.clear();
                nt.format(text, n);
                // What Java's UTF-8 encoder writes for the text (a lone surrogate becomes '?'), as Jena's writer does.
                return text.toString().getBytes(StandardCharsets.UTF_8);
            });
        }

        private void line(Node s, Node p, Node o, Node g) {
            out.writeBytes(terms.text(s));
            out.writeBytes(SPACE);
            out.writeBytes(terms.text(p));
            out.writeBytes(SPACE);
            out.writeBytes(terms.text(o));
            if (g != null) {
                out.writeBytes(SPACE);
                out.writeBytes(terms.text(g));
            }
            out.writeBytes(END);
        }

        @Override public void start() { }

        @Override
        public void triple(Triple t) {
            line(t.getSubject(), t.getPredicate(), t.getObject(), null);
        }

        @Override
        public void quad(Quad q) {
            Node g = q.getGraph();
            line(q.getSubject(), q.getPredicate(), q.getObject(),
                    g != null && g != Quad.tripleInQuad && !Quad.isDefaultGraph(g) ? g : null);
        }

        @Override public void base(String base) { }
        @Override public void prefix(String prefix, String iri) { }
        @Override public void version(String version) { }

        @Override
        public void finish() {
            try {
                out.flush();
            } catch (IOException e) {
                IO.exception(e);
            }
        }
    }

    /** A TriG writer, as {@code getWriterStream(out, RDFFormat.TRIG_BLOCKS)}. */
    public static StreamRDF trigBlocks(OutputStream out) { return new Blocks(out); }

    /** A Turtle writer, as {@code getWriterStream(out, RDFFormat.TURTLE_BLOCKS)} (the same writer, given triples). */
    public static StreamRDF turtleBlocks(OutputStream out) { return new Blocks(out); }

    /** Jena's {@code WriterStreamRDFBlocks} with its terms' text kept and its output in runs. */
    static final class Blocks extends WriterStreamRDFBlocks {
        private TermCache<String> terms;
        private NodeFormatter termsOf;
        private final Map<Node, Integer> widths = new HashMap<>();

        Blocks(OutputStream out) {
            super(new FastIndentedWriter(new Utf8Writer(out)), RIOT.getContext().copy());
        }

        @Override
        protected void outputNode(Node n) {
            if (terms == null || termsOf != fmt) {
                // The formatter is replaced when a BASE comes; prefixes also clear the table (prefixSetup).
                TextBuffer b = new TextBuffer();
                terms = new TermCache<>(node -> {
                    b.clear();
                    fmt.format(b, node);
                    return b.toString();
                });
                termsOf = fmt;
            }
            out.print(terms.text(n));
        }

        @Override
        protected void prefixSetup(String prefix, String iri) {
            terms = null;
            widths.clear();
            super.prefixSetup(prefix, iri);
        }

        // As WriterStreamRDFBlocks.printBatchQuads, with the quads' predicates and objects read in place.
        @Override
        protected void printBatchQuads(Node g, Node s, List<Quad> quads) {
            if (g == null)
                g = Quad.defaultGraphNodeGenerated;
            if (Objects.equals(g, lastGraph)) {
                out.println(" .");
            } else {
                endGraph(g);
                startGraph(g);
                lastGraph = g;
            }
            printBatch(s, quads, Quad::getPredicate, Quad::getObject);
            lastSubject = s;
        }

        // As WriterStreamRDFBlocks.printBatchTriples.
        @Override
        protected void printBatchTriples(Node s, List<Triple> triples) {
            if (lastGraph != null) {
                endGraph(null);
                lastGraph = null;
            }
            if (out.getRow() > 1)
                out.println();
            out.flush();
            printBatch(s, triples, Triple::getPredicate, Triple::getObject);
            out.println(" .");
            lastGraph = null;
        }

        // As WriterStreamRDFBlocks.printBatch and writePredicateObjectList (private there).
        private <T> void printBatch(Node s, List<T> batch, Function<T, Node> predicate, Function<T, Node> object) {
            outputNode(s);
            if (out.getCol() > LONG_SUBJECT)
                out.println();
            else
                out.print(' ', GAP_S_P);
            out.incIndent(INDENT_PREDICATE);
            out.pad();
            boolean writeKeyWordType = countPrefixesForRDF <= 0;
            int predicateMaxWidth = width(batch, predicate, writeKeyWordType);
            boolean first = true;
            for (T t : batch) {
                if (!first)
                    out.println(";");
                else
                    first = false;
                printProperty(predicate.apply(t));
                out.pad(predicateMaxWidth);
                out.print(' ', GAP_P_O);
                outputNode(object.apply(t));
            }
            out.decIndent(INDENT_PREDICATE);
        }

        // As Widths.calcWidthTriples (package private there), each predicate's width worked out once.
        private <T> int width(List<T> batch, Function<T, Node> predicate, boolean printTypeKeyword) {
            Node prev = null;
            int nodeMaxWidth = MIN_PREDICATE;
            for (T t : batch) {
                Node n = predicate.apply(t);
                if (prev != null && prev.equals(n))
                    continue;
                int len = width(n, printTypeKeyword);
                if (len > LONG_PREDICATE)
                    continue;
                if (nodeMaxWidth < len)
                    nodeMaxWidth = len;
                prev = n;
            }
            return nodeMaxWidth;
        }

        // As Widths.calcWidth: kept as the abbreviation's length, or minus the full IRI's when there is none.
        private int width(Node p, boolean printTypeKeyword) {
            Integer known = widths.get(p);
            if (known == null) {
                String x = pMap.abbreviate(p.getURI());
                known = x == null ? -(p.getURI().length() + 2) : x.length();
                if (widths.size() >= TERMS)
                    widths.clear();
                widths.put(p, known);
            }
            if (known < 0)
                return -known;
            if (printTypeKeyword && RDF_TYPE.equals(p))
                return 1;
            return known;
        }

        private static final Node RDF_TYPE = org.apache.jena.vocabulary.RDF.type.asNode();
    }

    /** A term's text as Jena's formatters write it: into a plain {@link StringBuilder}. */
    static final class TextBuffer extends AWriterBase {
        private final StringBuilder sb = new StringBuilder(256);

        void clear() { sb.setLength(0); }

        @Override public void print(char ch) { sb.append(ch); }
        @Override public void print(char[] cbuf) { sb.append(cbuf); }
        @Override public void print(String string) { sb.append(string); }
        @Override public void printf(String fmt, Object... args) { sb.append(String.format(fmt, args)); }
        @Override public void println(String object) { sb.append(object).append('\n'); }
        @Override public void println() { sb.append('\n'); }
        @Override public void flush() { }
        @Override public void close() { }
        @Override public String toString() { return sb.toString(); }
    }

    /** The text (or encoded text) of recently formatted terms: a direct-mapped table of {@link #TERMS} slots. */
    static final class TermCache<T> {
        private final Node[] nodes = new Node[TERMS];
        private final Object[] texts = new Object[TERMS];
        private final Function<Node, T> format;

        TermCache(Function<Node, T> format) { this.format = format; }

        @SuppressWarnings("unchecked")
        T text(Node n) {
            int h = n.hashCode();
            int slot = (h ^ (h >>> 16)) & (TERMS - 1);
            Node known = nodes[slot];
            if (known != null && (known == n || known.equals(n)))
                return (T) texts[slot];
            T text = format.apply(n);
            nodes[slot] = n;
            texts[slot] = text;
            return text;
        }
    }

    /**
     * Jena's {@link IndentedWriter} that writes a string without a line break in one run instead of a
     * character at a time: the first character as Jena does (the line's indent, column, last character),
     * the rest straight through, with the column moved on by their number.
     */
    static final class FastIndentedWriter extends IndentedWriter {
        FastIndentedWriter(Writer w) { super(w); }

        @Override
        public void print(String str) {
            int n = str == null ? 0 : str.length();
            if (n < 2 || str.indexOf('\n') >= 0 || str.indexOf('\r') >= 0) {
                super.print(str);
                return;
            }
            super.print(str.charAt(0));
            try {
                out.write(str, 1, n - 1);
            } catch (IOException e) {
                IO.exception(e);
            }
            column += n - 1;
        }
    }

    /**
     * UTF-8 into a stream, as Java's encoder writes it (a lone surrogate becomes '?'), unsynchronised, and
     * flushed into the stream only when its buffer is full or on {@link #close()}: {@link #flush()} moves the
     * buffer into the stream (a buffered one) without flushing that.
     */
    static final class Utf8Writer extends Writer {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int len;
        private char high;   // a high surrogate waiting for its low half

        Utf8Writer(OutputStream out) { this.out = out; }

        @Override
        public void write(int c) throws IOException {
            put((char) c);
        }

        @Override
        public void write(String s, int off, int n) throws IOException {
            for (int i = off, end = off + n; i < end; i++) {
                char c = s.charAt(i);
                if (c < 0x80 && high == 0) {
                    if (len == buf.length)
                        drain();
                    buf[len++] = (byte) c;
                } else {
                    put(c);
                }
            }
        }

        @Override
        public void write(char[] cs, int off, int n) throws IOException {
            for (int i = off, end = off + n; i < end; i++)
                put(cs[i]);
        }

        private void put(char c) throws IOException {
            if (len > buf.length - 4)
                drain();
            if (high != 0) {
                char h = high;
                high = 0;
                if (Character.isLowSurrogate(c)) {
                    int cp = Character.toCodePoint(h, c);
                    buf[len++] = (byte) (0xF0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (cp & 0x3F));
                    return;
                }
                buf[len++] = '?';
                put(c);
                return;
            }
            if (c < 0x80) {
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                high = c;
            } else if (Character.isLowSurrogate(c)) {
                buf[len++] = '?';
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }

        /** Writes an already encoded UTF-8 byte run (after a character still waiting for its other half, if any). */
        void writeBytes(byte[] run) {
            try {
                if (high != 0) {
                    high = 0;
                    put('?');
                }
                if (len + run.length > buf.length) {
                    drain();
                    if (run.length > buf.length) {
                        out.write(run);
                        return;
                    }
                }
                System.arraycopy(run, 0, buf, len, run.length);
                len += run.length;
            } catch (IOException e) {
                IO.exception(e);
            }
        }

        private void drain() throws IOException {
            out.write(buf, 0, len);
            len = 0;
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        @Override
        public void close() throws IOException {
            if (high != 0) {
                high = 0;
                put('?');
            }
            drain();
            out.flush();
        }
    }
}
