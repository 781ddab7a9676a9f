package dev.asyncinspect.render;

import dev.asyncinspect.model.TaskKind;

/** A task kind in words for a count of them: "future", "virtual-threads", "reactive pipelines". */
final class KindNames {

    private KindNames() {}

    static String of(long count, TaskKind kind) {
        String singular = kind == TaskKind.REACTIVE ? "reactive pipeline" : kind.label();
        return count == 1 ? singular : singular + "s";
    }
}
