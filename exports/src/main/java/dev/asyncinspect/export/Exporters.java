package dev.asyncinspect.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The output formats by name, in the order help lists them: the one registry both commands that write use. */
public final class Exporters {

    private final Map<String, Exporter> byName = new LinkedHashMap<>();

    private Exporters(List<Exporter> exporters) {
        exporters.forEach(e -> byName.put(e.name(), e));
    }

    /** The formats this module writes. */
    public static Exporters standard() {
        return new Exporters(List.of(
                // The writer ends the document with its one newline: a dump is byte for byte what scripts diff.
                new Exporter("json", "the snapshot in the async-inspect/1 schema, plus the recorded events",
                        (s, e, out) -> new JsonSnapshotWriter().write(s, e, out, true)),
                new Exporter("json-compact", "the same JSON on one line, without indentation (about a third smaller)",
                        (s, e, out) -> new JsonSnapshotWriter().write(s, e, out, false)),
                new Exporter("csv", "tasks and recorded events, one row each", new CsvWriter()::write),
                new Exporter("chrome", "Trace Event Format for Perfetto and chrome://tracing", new ChromeTraceWriter()::write),
                new Exporter("folded", "stacks for flame graph tools (speedscope, inferno)",
                        (s, e, out) -> new FoldedStacksWriter().write(s, out)),
                new Exporter("svg", "a flame graph of the tasks' stacks", (s, e, out) -> new FlameGraphSvgWriter().write(s, out)),
                new Exporter("dot", "the wait-for graph for Graphviz, cycle edges red", (s, e, out) -> new DotGraphWriter().write(s, out))));
    }

    /** These formats with one more, first (a view's own, such as the text dump). */
    public Exporters with(Exporter first) {
        List<Exporter> all = new ArrayList<>(List.of(first));
        all.addAll(byName.values());
        return new Exporters(all);
    }

    public Optional<Exporter> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<Exporter> all() {
        return List.copyOf(byName.values());
    }
}
