package org.aihegemony.kg.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.thrift.TRDF;
import org.apache.jena.riot.thrift.ThriftConvert;
import org.apache.jena.riot.thrift.wire.RDF_Term;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.nodetable.NodeTable;
import org.apache.jena.tdb2.store.tupletable.TupleIndex;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Whole-store passes over a finished TDB2 store, for the build's dumps, counts and text index: a quad
 * index walked in key order as node ids, and each node decoded once by Jena's own decoder
 * ({@link ThriftConvert}) from the node file's mapping ({@link MappedNodeReads}), with a small cache of
 * its own. A pass over every quad would otherwise go through the node table's shared cache and lock,
 * evicting what the checks running beside it had cached and making them wait; a node that is not in the
 * mapping is read through Jena's node table. Use it in a read transaction, on one thread.
 */
public final class TdbScan {
    private static final int CACHE = 1 << 14;

    private final DatasetGraphTDB tdb;
    private final NodeTable nodes;
    private final MappedNodeReads reads;
    private final MappedTransport transport = new MappedTransport();
    private final TProtocol protocol = TRDF.protocol(transport);
    private final long[] cachedIds = new long[CACHE];
    private final Node[] cachedNodes = new Node[CACHE];
    /** The same decoded nodes by their hash, for {@link #id(Node)}. */
    private final Node[] knownNodes;
    private final NodeId[] knownIds;
    /** How many nodes this scan has decoded (for tests). */
    long decoded;

    private TdbScan(DatasetGraphTDB tdb, MappedNodeReads reads, int known) {
        this.knownNodes = new Node[known];
        this.knownIds = new NodeId[known];
        this.tdb = tdb;
        this.nodes = tdb.getQuadTable().getNodeTupleTable().getNodeTable();
        this.reads = reads;
        java.util.Arrays.fill(cachedIds, -1);
    }

    /** A scan of a TDB2 dataset (call in a read transaction). */
    public static TdbScan open(DatasetGraph dsg) {
        return new TdbScan(TDBInternal.getDatasetGraphTDB(dsg), MappedNodeReads.installed(dsg), CACHE);
    }

    /**
     * A scan that knows the ids of the last {@code known} (a power of two) nodes it decoded, for a caller
     * that asks {@link #id(Node)} of nodes it was given many look-ups before (SHACL collects a shape's
     * focus nodes, then validates them one by one).
     */
    static TdbScan open(DatasetGraph dsg, int known) {
        if (Integer.bitCount(known) != 1)
            throw new IllegalArgumentException("Not a power of two: " + known);
        return new TdbScan(TDBInternal.getDatasetGraphTDB(dsg), MappedNodeReads.installed(dsg), known);
    }

    /** Every quad, as node ids in the order of the named quad index ({@code GSPO}, {@code SPOG}, {@code OSPG}, …). */
    public Iterator<Tuple<NodeId>> ids(String index) {
        return index(index).all();
    }

    /** The named quad index ({@code GSPO}, {@code SPOG}, {@code OSPG}, …). */
    TupleIndex index(String index) {
        for (TupleIndex idx : tdb.getQuadTable().getNodeTupleTable().getTupleTable().getIndexes()) {
            if (idx.getName().equalsIgnoreCase(index) || idx.getMappingStr().endsWith(index))
                return idx;
        }
        throw new IllegalStateException("The store has no " + index + " index");
    }

    /**
     * A node's id, or null when the store does not have it: an IRI or blank node this scan decoded is known
     * by it (the last of those with the same hash slot), any other is looked up in the node table.
     */
    NodeId id(Node n) {
        int slot = n.hashCode() & (knownNodes.length - 1);
        Node known = knownNodes[slot];
        if (known != null && known.equals(n))
            return knownIds[slot];
        NodeId id = nodes.getNodeIdForNode(n);
        return id == null || NodeId.isDoesNotExist(id) ? null : id;
    }

    /**
     * Every quad, decoded, in the order {@code DatasetGraph.find()} gives: the default graph's triples (as
     * quads of {@link Quad#defaultGraphIRI}), then the named graphs' quads graph by graph.
     */
    public Iterator<Quad> quads() {
        Node dft = Quad.defaultGraphIRI;
        Iterator<Tuple<NodeId>> triples = tdb.getTripleTable().getNodeTupleTable().getTupleTable().getIndex(0).all();
        Iterator<Tuple<NodeId>> quads = ids("GSPO");
        return new Iterator<>() {
            @Override public boolean hasNext() { return triples.hasNext() || quads.hasNext(); }
            @Override public Quad next() {
                if (triples.hasNext()) {
                    Tuple<NodeId> t = triples.next();
                    return Quad.create(dft, node(t.get(0)), node(t.get(1)), node(t.get(2)));
                }
                Tuple<NodeId> q = quads.next();
                return Quad.create(node(q.get(0)), node(q.get(1)), node(q.get(2)), node(q.get(3)));
            }
        };
    }

    /** The named graphs' quads with predicate {@code p}, decoded (none when the store has no such node). */
    public Iterator<Quad> quadsWithPredicate(Node p) {
        NodeId pid = nodes.getNodeIdForNode(p);
        if (pid == null || NodeId.isDoesNotExist(pid))
            return java.util.Collections.emptyIterator();
        Iterator<Tuple<NodeId>> it = tdb.getQuadTable().getNodeTupleTable()
                .find(NodeId.NodeIdAny, NodeId.NodeIdAny, pid, NodeId.NodeIdAny);
        return new Iterator<>() {
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public Quad next() {
                Tuple<NodeId> q = it.next();
                return Quad.create(node(q.get(0)), node(q.get(1)), p, node(q.get(3)));
            }
        };
    }

    /** The node of an id (inline values decoded in place). */
    public Node node(NodeId id) {
        Node inline = NodeId.extract(id);
        if (inline != null)
            return inline;
        long ptr = id.getPtrLocation();
        int slot = (int) (ptr ^ (ptr >>> 17)) & (CACHE - 1);
        if (cachedIds[slot] == ptr)
            return cachedNodes[slot];
        Node n = read(id, ptr);
        cachedIds[slot] = ptr;
        cachedNodes[slot] = n;
        if (!n.isLiteral()) {   // the resources a caller may ask about, not their values
            int known = n.hashCode() & (knownNodes.length - 1);
            knownNodes[known] = n;
            knownIds[known] = id;
        }
        return n;
    }

    /** RDF_Term's field headers in Thrift's compact protocol: field 1 (iri), 2 (bnode), 3 (literal), each a struct. */
    private static final byte TERM_IRI = 0x1C, TERM_BNODE = 0x2C, TERM_LITERAL = 0x3C;
    /** RDF_IRI's field 1, the IRI's text: a string (binary). */
    private static final byte IRI_TEXT = 0x18;
    private byte[] head = new byte[64];

    /**
     * Whether the node of {@code id} is an IRI that starts with {@code prefix} (its UTF-8 bytes), told from
     * the first bytes of its term in the node file, without decoding it — the checks that list every
     * subject and object reject the literals, half of them, this way. The term is Thrift's compact protocol
     * as Jena writes it ({@code NodeTableTRDF}): a field header (1 IRI, 2 blank node, 3 literal), then for an
     * IRI its text's header, length (a varint) and bytes. A term read otherwise (not in the mapping, another
     * header) is decoded.
     */
    boolean isIri(NodeId id, byte[] prefix) {
        if (NodeId.isInline(id))
            return false;
        long ptr = id.getPtrLocation();
        int slot = (int) (ptr ^ (ptr >>> 17)) & (CACHE - 1);
        if (cachedIds[slot] != ptr && reads != null) {
            int n = 7 + prefix.length;
            if (head.length < n)
                head = new byte[n];
            if (reads.readMapped(ptr, head, 0, 1)) {
                if (head[0] == TERM_LITERAL || head[0] == TERM_BNODE)
                    return false;
                if (head[0] == TERM_IRI && reads.readMapped(ptr, head, 0, n) && head[1] == IRI_TEXT) {
                    int length = 0, at = 2;
                    for (int shift = 0; at < 7; shift += 7) {
                        byte b = head[at++];
                        length |= (b & 0x7F) << shift;
                        if (b >= 0)
                            return length >= prefix.length
                                    && Arrays.equals(head, at, at + prefix.length, prefix, 0, prefix.length);
                    }
                }
            }
        }
        Node n = node(id);
        return n.isURI() && n.getURI().startsWith(new String(prefix, StandardCharsets.UTF_8));
    }

    private Node read(NodeId id, long ptr) {
        decoded++;
        if (reads != null) {
            try {
                transport.pos = ptr;
                RDF_Term term = new RDF_Term();
                term.read(protocol);
                return ThriftConvert.convert(term);
            } catch (Exception | AssertionError e) {
                // not all in the mapping: Jena's own reader
            }
        }
        return nodes.getNodeForNodeId(id);
    }

    /** Reads the node file from its mapping; no system calls. */
    private final class MappedTransport extends TTransport {
        long pos;

        @Override
        public int read(byte[] dst, int off, int len) throws TTransportException {
            if (!reads.readMapped(pos, dst, off, len))
                throw new TTransportException(TTransportException.END_OF_FILE, "Not in the mapping");
            pos += len;
            return len;
        }

        @Override public boolean isOpen() { return true; }
        @Override public void open() { }
        @Override public void close() { }
        @Override public void write(byte[] b, int off, int len) { throw new UnsupportedOperationException(); }
        @Override public TConfiguration getConfiguration() { return TConfiguration.DEFAULT; }
        @Override public void updateKnownMessageSize(long size) { }
        @Override public void checkReadBytesAvailable(long numBytes) { }
    }
}
