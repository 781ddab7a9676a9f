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
        return new Exporters(List.of(new JsonSnapshotWriter(), new CsvWriter(), new ChromeTraceWriter(),
                new FoldedStacksWriter(), new FlameGraphSvgWriter(), new DotGraphWriter()));
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
