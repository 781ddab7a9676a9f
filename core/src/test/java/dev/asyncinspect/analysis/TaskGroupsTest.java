package dev.asyncinspect.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.analysis.TaskGroups.TaskGroup;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Like tasks grouped by stack, state and sorts of wait, never by their values or names. */
class TaskGroupsTest {

    private static final TaskState SUSPENDED = new TaskState(TaskState.Phase.WAITING, "suspended");

    private static Task coroutine(String id, int line, String waitsFor, String value) {
        Frame frame = new Frame("shop.Orders.load", "Orders.kt", line,
                List.of(new Variable("order", "int", new Value.Primitive("int", value))), "state 1 of 2");
        List<WaitEdge> waits = waitsFor == null ? List.of()
                : List.of(new WaitEdge(WaitEdge.Kind.AWAIT, waitsFor, null, "awaits " + waitsFor));
        return new Task(id, TaskKind.COROUTINE, "coroutine#" + id, SUSPENDED, null, List.of(frame), waits,
                List.of(), List.of(), List.of());
    }

    private static List<List<String>> ids(List<TaskGroup> groups) {
        return groups.stream().map(g -> g.members().stream().map(Task::id).toList()).toList();
    }

    @Test
    void tasksAtOneLineWaitingAlikeAreOneGroupWhateverTheirValuesAndTargets() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(coroutine("c" + i, 44, "c" + (100 + i), String.valueOf(i)));
        }
        tasks.add(3, coroutine("other-line", 45, "x", "0"));
        tasks.add(coroutine("no-wait", 44, null, "0"));
        assertThat(ids(TaskGroups.of(tasks, 10))).containsExactly(
                List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11"),
                List.of("other-line"), List.of("no-wait"));
    }

    @Test
    void fewerThanTheThresholdStayEachInItsPlace() {
        List<Task> tasks = List.of(coroutine("a", 44, "x", "1"), coroutine("b", 45, "x", "1"), coroutine("c", 44, "y", "2"));
        assertThat(ids(TaskGroups.of(tasks, 3))).containsExactly(List.of("a"), List.of("b"), List.of("c"));
        assertThat(ids(TaskGroups.of(tasks, 2))).containsExactly(List.of("a", "c"), List.of("b"));
    }

    @Test
    void aTaskOthersWaitForIsNotLikeOneNobodyWaitsFor() {
        Task waitedFor = coroutine("a", 44, "x", "1").withWaitedBy(List.of("z"));
        List<Task> tasks = List.of(waitedFor, coroutine("b", 44, "x", "1"));
        assertThat(ids(TaskGroups.of(tasks, 2))).containsExactly(List.of("a"), List.of("b"));
    }
}
