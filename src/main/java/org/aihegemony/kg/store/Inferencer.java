package org.aihegemony.kg.store;

import java.util.List;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.reasoner.InfGraph;
import org.apache.jena.reasoner.rulesys.GenericRuleReasoner;
import org.apache.jena.reasoner.rulesys.Rule;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sys.JenaSystem;

/**
 * Materialises the ontology's entailments that users query for — sub-class and sub-property (both
 * transitive), equivalence, inverse, symmetric and transitive properties, domain and range — as plain
 * triples, so that {@code ?x a aih:Actor} finds every company without a reasoner at query time.
 * <p>
 * A small forward rule set rather than full RDFS/OWL: it yields only triples a reader expects (no
 * {@code rdfs:Resource} types, no reflexive sub-classes), which keeps the inferred graph inspectable.
 */
public final class Inferencer {
    private Inferencer() {}

    static final String RULES = """
        @prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl:  <http://www.w3.org/2002/07/owl#> .
        [subClassTrans: (?a rdfs:subClassOf ?b), (?b rdfs:subClassOf ?c), notEqual(?a, ?c) -> (?a rdfs:subClassOf ?c)]
        [subPropTrans:  (?a rdfs:subPropertyOf ?b), (?b rdfs:subPropertyOf ?c), notEqual(?a, ?c) -> (?a rdfs:subPropertyOf ?c)]
        [eqClass:       (?a owl:equivalentClass ?b), notEqual(?a, ?b) -> (?a rdfs:subClassOf ?b), (?b rdfs:subClassOf ?a)]
        [eqProp:        (?a owl:equivalentProperty ?b), notEqual(?a, ?b) -> (?a rdfs:subPropertyOf ?b), (?b rdfs:subPropertyOf ?a)]
        [inverseSym:    (?p owl:inverseOf ?q) -> (?q owl:inverseOf ?p)]
        [type:          (?x rdf:type ?a), (?a rdfs:subClassOf ?b) -> (?x rdf:type ?b)]
        [subProp:       (?p rdfs:subPropertyOf ?q), notEqual(?p, ?q), (?x ?p ?y) -> (?x ?q ?y)]
        [inverse:       (?p owl:inverseOf ?q), (?x ?p ?y), notLiteral(?y) -> (?y ?q ?x)]
        [symmetric:     (?p rdf:type owl:SymmetricProperty), (?x ?p ?y), notLiteral(?y) -> (?y ?p ?x)]
        [transitive:    (?p rdf:type owl:TransitiveProperty), (?x ?p ?y), (?y ?p ?z) -> (?x ?p ?z)]
        [domain:        (?p rdfs:domain ?c), (?x ?p ?y) -> (?x rdf:type ?c)]
        [range:         (?p rdfs:range ?c), (?x ?p ?y), notLiteral(?y) -> (?y rdf:type ?c)]
        """;

    /**
     * Computes the entailments of every graph of {@code dsg} except the shapes graph, and returns those
     * not already asserted.
     */
    public static Graph entailments(DatasetGraph dsg) {
        JenaSystem.init();
        Graph base = SourceLoader.withoutShapes(dsg);
        List<Rule> rules = Rule.parseRules(RULES);
        GenericRuleReasoner reasoner = new GenericRuleReasoner(rules);
        reasoner.setMode(GenericRuleReasoner.FORWARD_RETE);
        InfGraph inf = reasoner.bind(base);
        inf.prepare();
        Graph inferred = GraphFactory.createDefaultGraph();
        inf.getDeductionsGraph().find().forEachRemaining((Triple t) -> {
            if (!base.contains(t) && !t.getSubject().isLiteral())
                inferred.add(t);
        });
        inf.close();
        return inferred;
    }
}
