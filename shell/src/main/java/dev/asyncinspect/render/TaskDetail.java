package dev.asyncinspect.render;

import dev.asyncinspect.text.Durations;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.text.ValueText;
import java.io.PrintWriter;
import java.util.List;

/** One task in full: state, what it waits for, what it holds, its stack with variables as {@code name = value}. */
public final class TaskDetail {

    private static final int CHILDREN_NAMED = 10;

    private final int maxFrames;

    public TaskDetail(int maxFrames) {
        this.maxFrames = maxFrames;
    }

    /** @param children the tasks whose parent this one is */
    public void print(Task task, List<Task> children, PrintWriter out) {
        out.printf("Task %s  %s \"%s\"%n", task.id(), task.kind().label(), task.name());
        out.printf("  state: %s%s%s%n", task.state().label(),
                task.inState() == null ? "" : " for " + Durations.text(task.inState()), stateAt(task));
        if (task.parent() != null) {
            out.printf("  parent: %s%n", task.parent());
        }
        if (!children.isEmpty()) {
            // A scope of 100,000 launches would make a line of megabytes: the first few, then how many more.
            String named = children.stream().limit(CHILDREN_NAMED).map(c -> c.id() + " \"" + c.name() + "\"")
                    .collect(java.util.stream.Collectors.joining(", "));
            out.printf("  children: %s%s%n", named, children.size() <= CHILDREN_NAMED ? ""
                    : String.format(", … and %,d more (tree %s shows them all)", children.size() - CHILDREN_NAMED, task.id()));
        }
        for (Fact fact : task.facts()) {
            out.printf("  %s: %s%n", fact.label(), fact.value());
        }
        for (WaitEdge edge : task.waitingFor()) {
            out.printf("  waiting for: %s%n", edge.description());
        }
        for (Resource resource : task.holds()) {
            out.printf("  holds: %s %s%s%n", resource.kind(),
                    resource.type().substring(resource.type().lastIndexOf('.') + 1), resource.id());
        }
        if (!task.waitedBy().isEmpty()) {
            out.printf("  waited for by: %s%n", String.join(", ", task.waitedBy()));
        }
        out.println(task.kind() == TaskKind.FUTURE ? "  pending stage:" : task.kind() == TaskKind.REACTIVE ? "  operators (source first):" : "  stack:");
        if (task.frames().isEmpty()) {
            out.println(task.kind() == TaskKind.FUTURE ? "    (none: no stage computes it)" : "    (no frames)");
        }
        Frame focusFrame = task.focusFrame();
        int focus = focusFrame == null ? -1 : task.frames().indexOf(focusFrame);
        // A runtime thread parked in the runtime's own code is idle, not stuck.
        boolean stuck = !task.waitingFor().isEmpty() && focusFrame != null && !PlatformCode.contains(focusFrame.function());
        for (int i = 0; i < task.frames().size() && i < maxFrames; i++) {
            frame(task.frames().get(i), i == focus && stuck && task.kind() != TaskKind.FUTURE && task.kind() != TaskKind.REACTIVE, out);
        }
        if (task.frames().size() > maxFrames) {
            out.printf("    … %d more frames%n", task.frames().size() - maxFrames);
        }
        out.flush();
    }

    /** "state 1 of 2 at Orders.kt:44" for a suspended coroutine: where its innermost state machine stopped. */
    private static String stateAt(Task task) {
        if (task.kind() != TaskKind.COROUTINE || task.frames().isEmpty() || task.frames().get(0).note() == null) {
            return "";
        }
        Frame innermost = task.frames().get(0);
        return "  (" + innermost.note() + " at " + innermost.location() + ")";
    }

    private static void frame(Frame frame, boolean stuckHere, PrintWriter out) {
        out.printf("    %s%s  %s%s%n", frame.note() == null ? "" : frame.note() + "  ", frame.function(),
                frame.location(), stuckHere ? "  ◄── STUCK HERE" : "");
        for (Variable variable : frame.variables()) {
            out.printf("        %s = %s%n", variable.name(), ValueText.of(variable.value()));
        }
    }
}
