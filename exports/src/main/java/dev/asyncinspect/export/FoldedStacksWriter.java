package dev.asyncinspect.export;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folded stacks ({@code outer;…;inner count}), the input of flamegraph.pl, inferno and speedscope:
 * one line per distinct async stack of the snapshot, counted over its tasks.
 */
public final class FoldedStacksWriter {

    public void write(Snapshot snapshot, PrintWriter out) {
        Map<String, Integer> stacks = new TreeMap<>();
        for (Task task : snapshot.tasks()) {
            if (task.frames().isEmpty()) {
                continue;
            }
            List<String> outerFirst = new ArrayList<>();
            for (int i = task.frames().size() - 1; i >= 0; i--) {
                Frame frame = task.frames().get(i);
                outerFirst.add((frame.function() + (frame.line() > 0 ? ":" + frame.line() : ""))
                        .replace(';', ':').replace(' ', '_'));
            }
            stacks.merge(task.kind().label() + ";" + String.join(";", outerFirst), 1, Integer::sum);
        }
        stacks.forEach((stack, count) -> out.println(stack + " " + count));
        out.flush();
    }
}
