package dev.asyncinspect.repl;

import java.util.Collections;
import java.util.Iterator;
import java.util.SortedSet;
import java.util.TreeSet;

/** What {@code break} completes at a terminal: the target's loaded functions (simple and Class.method) and its other forms. */
final class FunctionNames implements Iterable<String> {

    private final Session session;

    FunctionNames(Session session) {
        this.session = session;
    }

    /** Asked again at each Tab, so classes loaded since show up. */
    @Override
    public Iterator<String> iterator() {
        if (!session.controls()) {
            return Collections.emptyIterator();
        }
        SortedSet<String> names = new TreeSet<>(session.control().functionNames());
        names.add("task");
        names.add("complete");
        return names.iterator();
    }
}
