package dev.asyncinspect.agent;

import dev.asyncinspect.heap.ForwardingHeapView;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.recognize.SnapshotBuilder;
import dev.asyncinspect.recognize.TaskBudget;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.threads.ThreadRecognizer;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The target runs on while the agent reads it, so a wait read just before its lock changed hands can look like a
 * cycle. A deadlock does not go away: a cycle is kept only when its threads, read again, still wait for the same
 * monitors and locks held by the same threads. Only those threads and the locks they park on are read again (no
 * heap walk); the other waits of a cycle (a future, a coroutine) cannot end while its threads stay stuck.
 */
final class CycleCheck {

    private static final Set<WaitEdge.Kind> RACY = Set.of(WaitEdge.Kind.MONITOR, WaitEdge.Kind.LOCK);

    private CycleCheck() {}

    static List<Deadlock> confirmed(Snapshot first, Function<Function<HeapView, Snapshot>, Snapshot> lookAgain,
                                    ValueReader.Limits limits, VmInfo vm) {
        if (first.deadlocks().stream().flatMap(d -> d.steps().stream()).noneMatch(step -> RACY.contains(step.edge().kind()))) {
            return first.deadlocks();
        }
        // Every task of the cycles: those that are platform threads are read again, the owners of their locks among them.
        Set<String> threads = first.deadlocks().stream().flatMap(d -> d.steps().stream()).map(Deadlock.Step::taskId)
                .collect(Collectors.toSet());
        Snapshot again = lookAgain.apply(heap -> new SnapshotBuilder(limits, TaskBudget.UNBOUNDED, List.of(ThreadRecognizer::new))
                .build(OnlyThese.threads(heap, threads), vm));
        Map<String, Task> reread = again.tasks().stream().collect(Collectors.toMap(Task::id, t -> t, (a, b) -> a));
        return first.deadlocks().stream().filter(d -> d.steps().stream().allMatch(step -> holds(step, reread))).toList();
    }

    private static boolean holds(Deadlock.Step step, Map<String, Task> reread) {
        if (!RACY.contains(step.edge().kind())) {
            return true;
        }
        Task task = reread.get(step.taskId());
        return task != null && task.waitingFor().stream()
                .anyMatch(e -> e.kind() == step.edge().kind() && Objects.equals(e.target(), step.edge().target()));
    }

    /**
     * A heap seen through only some threads and the locks they park on. Platform threads come from the JVM's
     * list; virtual threads need the walk of the heap, so it is made only when a cycle has one.
     */
    private static final class OnlyThese extends ForwardingHeapView {

        private final Set<String> taskIds;
        private final List<ObjectRef> threads;
        private final List<ObjectRef> blockers = new ArrayList<>();

        private OnlyThese(HeapView heap, Set<String> taskIds, List<ObjectRef> threads) {
            super(heap);
            this.taskIds = taskIds;
            this.threads = threads;
        }

        static HeapView threads(HeapView heap, Set<String> taskIds) {
            Map<ObjectRef, ObjectFields> all = heap.fields(heap.platformThreads());
            List<ObjectFields> chosen = all.values().stream()
                    .filter(t -> taskIds.contains(TaskIds.threadId(false, t.longValue("tid", -1)))).toList();
            OnlyThese view = new OnlyThese(heap, taskIds, chosen.stream().map(ObjectFields::object).toList());
            view.parkedOn(chosen);
            return view;
        }

        private void parkedOn(Collection<ObjectFields> threads) {
            threads.stream().map(t -> t.ref("parkBlocker")).filter(b -> b != null).forEach(blockers::add);
        }

        @Override
        public List<ObjectRef> platformThreads() {
            return threads;
        }

        @Override
        public List<ObjectRef> instances(Collection<HeapClass> types) {
            List<ObjectRef> found = new ArrayList<>();
            List<HeapClass> threadTypes = types.stream().filter(t -> heap().isA(t, "java.lang.Thread")).toList();
            if (!threadTypes.isEmpty() && taskIds.stream().anyMatch(TaskIds::isVirtualThread)) {
                List<ObjectFields> virtual = heap().fields(heap().instances(threadTypes)).values().stream()
                        .filter(t -> taskIds.contains(TaskIds.threadId(true, t.longValue("tid", -1)))).toList();
                virtual.forEach(t -> found.add(t.object()));
                parkedOn(virtual);
            }
            Set<HeapClass> asked = new HashSet<>(types);
            blockers.stream().filter(b -> asked.contains(b.type())).forEach(found::add);
            return found;
        }
    }
}
