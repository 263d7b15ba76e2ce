package org.aihegemony.kg.store;

import java.util.Iterator;

import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;

/**
 * Rows computed from an input iterator this one owns (our operators on the query's start or on a
 * sub-operator's rows): cancelling it cancels the input, closing it closes the input.
 */
class QueryIterOverInput extends QueryIterPlainWrapper {
    protected final QueryIterator input;

    /** {@code rows} may be null if the subclass sets them later ({@code setIterator}). */
    QueryIterOverInput(Iterator<Binding> rows, QueryIterator input, ExecutionContext cxt) {
        super(rows, cxt);
        this.input = input;
    }

    @Override
    protected void requestCancel() {
        input.cancel();
        super.requestCancel();
    }

    @Override
    protected void closeIterator() {
        input.close();
        super.closeIterator();
    }
}
