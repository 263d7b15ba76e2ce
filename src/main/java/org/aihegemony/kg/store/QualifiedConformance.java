package org.aihegemony.kg.store;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.engine.ValidationContext;
import org.apache.jena.shacl.engine.constraint.QualifiedValueShape;
import org.apache.jena.shacl.engine.constraint.ReportConstraint;
import org.apache.jena.shacl.parser.Constraint;
import org.apache.jena.shacl.parser.Shape;
import org.apache.jena.shacl.validation.ValidationProc;
import org.apache.jena.shacl.vocabulary.SHACL;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.system.G;

/**
 * {@code sh:qualifiedValueShape} without a report per value. Jena's {@link QualifiedValueShape} decides
 * whether a value conforms to the qualified shape by validating it in a context of its own and then
 * generating that context's full {@code ValidationReport} — an RDF model, with a fresh blank node — only to
 * ask {@code conforms()}; at 1 M triples that was a third of the shapes' time (two qualified label shapes
 * on every main resource). A context knows whether it saw a report entry ({@code hasViolation()}), which is
 * what {@code conforms()} answers (the report's entries are exactly those reported to the context), so
 * {@link Conforming} asks that instead and is otherwise Jena's constraint, line for line (Apache Jena
 * 5.6.0, Apache License 2.0): the same counts, messages, report entries and listener events.
 */
final class QualifiedConformance {
    private QualifiedConformance() {}

    /**
     * Replaces every {@link QualifiedValueShape} of the parsed shapes (Jena's shape map holds the nested
     * ones too: those of {@code sh:or} and the like, and the qualified shapes themselves) by a
     * {@link Conforming} one; returns how many were replaced. A shape whose constraints Jena keeps in a
     * list that cannot be changed keeps Jena's constraint (and validates as before, only slower).
     */
    static int lighten(Shapes shapes) {
        int replaced = 0;
        Set<Shape> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Shape> todo = new ArrayDeque<>(shapes.getShapeMap().values());
        shapes.iteratorAll().forEachRemaining(todo::add);
        while (!todo.isEmpty()) {
            Shape shape = todo.pop();
            if (!seen.add(shape))
                continue;
            todo.addAll(shape.getPropertyShapes());
            Collection<Constraint> constraints = shape.getConstraints();
            if (constraints instanceof List<Constraint> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i).getClass() != QualifiedValueShape.class)
                        continue;
                    QualifiedValueShape q = (QualifiedValueShape) list.get(i);
                    try {
                        list.set(i, new Conforming(q.getSub(), q.qMin(), q.qMax(), q.qDisjoint()));
                        replaced++;
                    } catch (UnsupportedOperationException e) {
                        break;
                    }
                }
            }
        }
        return replaced;
    }

    /** Jena's constraint, deciding a value's conformance from the context's entries, not a generated report. */
    static final class Conforming extends QualifiedValueShape {
        Conforming(Shape sub, int qMin, int qMax, boolean qDisjoint) {
            super(sub, qMin, qMax, qDisjoint);
        }

        @Override
        public void validatePropertyShape(ValidationContext vCxt, Graph data, Shape shape, Node focusNode, Path path, Set<Node> valueNodes) {
            Shape sub = getSub();
            int qMin = qMin(), qMax = qMax();
            boolean qDisjoint = qDisjoint();
            Collection<Node> sibs = siblings(vCxt.getShapesGraph(), shape);
            Set<Node> valueNodes2;
            if (qDisjoint) {
                valueNodes2 = new HashSet<>();
                for (Node v : valueNodes) {
                    if (!conformsSiblings(vCxt, v, sibs))
                        valueNodes2.add(v);
                }
            } else {
                valueNodes2 = valueNodes;
            }
            int x = 0;
            for (Node v : valueNodes2) {
                if (conforms(vCxt, sub, v))
                    x++;
            }
            boolean passed = true;
            if (qMin >= 0 && qMin > x) {
                passed = false;
                String msg = toString() + ": Min = " + qMin + " but got " + x + " validations";
                vCxt.reportEntry(msg, shape, focusNode, path, null,
                        new ReportConstraint(SHACL.QualifiedMinCountConstraintComponent));
            }
            final int finalX = x;
            boolean finalPassed = passed;
            if (qMin > 0)
                vCxt.notifyValidationListener(() -> new QualifiedMinCountConstraintEvaluatedEvent(vCxt, shape,
                        focusNode, this, path, valueNodes, valueNodes2, qMin, finalX, finalPassed));
            passed = true;
            if (qMax >= 0 && qMax < x) {
                passed = false;
                String msg = toString() + ": Max = " + qMax + " but got " + x + " validations";
                vCxt.reportEntry(msg, shape, focusNode, path, null,
                        new ReportConstraint(SHACL.QualifiedMaxCountConstraintComponent));
            }
            if (qMax > 0) {
                boolean finalPassed2 = passed;
                vCxt.notifyValidationListener(() -> new QualifiedMaxCountConstraintEvaluatedEvent(vCxt, shape,
                        focusNode, this, path, valueNodes, valueNodes2, qMax, finalX, finalPassed2));
            }
        }

        private boolean conformsSiblings(ValidationContext vCxt, Node v, Collection<Node> sibs) {
            for (Node sib : sibs) {
                if (conforms(vCxt, vCxt.getShapes().getShape(sib), v))
                    return true;
            }
            return false;
        }

        /** Whether a value conforms to a shape: validated in a context of its own, which reports nothing. */
        private static boolean conforms(ValidationContext vCxt, Shape shape, Node v) {
            ValidationContext vCxt2 = ValidationContext.create(vCxt);
            ValidationProc.execValidateShape(vCxt2, vCxt.getDataGraph(), shape, v);
            return !vCxt2.hasViolation();
        }

        private Collection<Node> siblings(Graph shapesGraph, Shape thisShape) {
            if (!qDisjoint())
                return Collections.emptySet();
            Node thisShapeNode = thisShape.getShapeNode();
            Set<Node> sibs = new HashSet<>();
            G.listPO(shapesGraph, SHACL.property, thisShapeNode).forEach(s -> sibs.addAll(G.listSP(shapesGraph, s, SHACL.property)));
            Set<Node> sibShapes = new HashSet<>();
            sibs.forEach(s -> sibShapes.addAll(G.listSP(shapesGraph, s, SHACL.qualifiedValueShape)));
            sibShapes.remove(getSub().getShapeNode());
            return sibShapes;
        }
    }
}
