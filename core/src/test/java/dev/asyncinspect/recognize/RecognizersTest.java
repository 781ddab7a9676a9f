package dev.asyncinspect.recognize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.ThreadSample;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.recognize.executors.ExecutorQueues;
import dev.asyncinspect.recognize.futures.FutureRecognizer;
import dev.asyncinspect.recognize.kotlin.CoroutineRecognizer;
import dev.asyncinspect.recognize.reactor.ReactorRecognizer;
import dev.asyncinspect.recognize.rxjava.RxRecognizer;
import dev.asyncinspect.recognize.guava.GuavaRecognizer;
import dev.asyncinspect.recognize.threads.ThreadRecognizer;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A runtime plugged in by one registry entry: its tasks join the snapshot, its blocking call becomes
 * the thread's wait, and a cycle through it is a deadlock, with nothing else changed.
 */
class RecognizersTest {

    private static final String PIPE = "shop.Pipes$Pipe";

    /** A made-up runtime: a pipe is a task that waits for the thread named in its {@code writer} field. */
    private static final class Pipes implements Recognizer {
        private final Scope scope;
        private final Map<ObjectRef, String> pipes = new HashMap<>();

        Pipes(Scope scope) {
            this.scope = scope;
        }

        @Override
        public StackNeeds stackNeeds() {
            return StackNeeds.receivers(PIPE::equals);
        }

        @Override
        public List<HeapClass> enumerated() {
            return scope.heap().classesNamed(PIPE);
        }

        @Override
        public void discover() {
            scope.heap().instances(enumerated()).forEach(pipe -> {
                pipes.put(pipe, "f" + pipe.id());
                scope.ids().assign(pipe, "f" + pipe.id());
            });
            Map<String, WaitEdge> blocked = new HashMap<>();
            scope.findings().get(Findings.THREAD_SAMPLES).forEach((thread, sample) -> sample.frames().stream()
                    .filter(f -> f.className().equals(PIPE) && f.method().equals("read") && f.thisObject() != null)
                    .findFirst().ifPresent(f -> blocked.put(thread, new WaitEdge(WaitEdge.Kind.FUTURE, pipes.get(f.thisObject()),
                            new Resource("future", pipes.get(f.thisObject()), PIPE), "reads pipe " + pipes.get(f.thisObject())))));
            scope.findings().merge(Findings.BLOCKING_CALLS, blocked);
        }

        @Override
        public Collection<HeapValue> shownValues() {
            return List.of();
        }

        @Override
        public List<Task> tasks(ValueReader values) {
            List<Task> tasks = new ArrayList<>();
            pipes.forEach((pipe, id) -> {
                String writer = scope.ids().taskOf(scope.heap().fields(List.of(pipe)).get(pipe).ref("writer"));
                tasks.add(new Task(id, TaskKind.FUTURE, "pipe", new TaskState(TaskState.Phase.WAITING, "empty"), null, List.of(),
                        List.of(new WaitEdge(WaitEdge.Kind.THREAD, writer, null, "waits for its writer " + writer)),
                        List.of(), List.of(), List.of()));
            });
            return tasks;
        }
    }

    @Test
    void aRuntimeInTheRegistryIsSeenByThreadsAndTheAnalysis() {
        InMemoryHeap heap = new InMemoryHeap();
        ObjectRef thread = heap.object(heap.type("java.lang.Thread"));
        ObjectRef pipe = heap.object(heap.type(PIPE));
        heap.set(thread, "tid", new HeapValue.Primitive(7L))
                .set(thread, "threadStatus", new HeapValue.Primitive(0x1 | 0x10 | 0x200))
                .set(pipe, "writer", thread)
                .thread(thread,
                        new StackFrameSample("jdk.internal.misc.Unsafe", "park", null, -1, null, List.of(), null),
                        new StackFrameSample(PIPE, "read", "Pipes.java", 12, pipe, List.of(), null),
                        new StackFrameSample("shop.Main", "main", "Main.java", 5, null, List.of(), null));
        List<Recognizer.Factory> runtimes = new ArrayList<>(Recognizers.ALL);
        runtimes.add(Pipes::new);

        Snapshot snapshot = new SnapshotBuilder(ValueReader.Limits.DEFAULT, TaskBudget.UNBOUNDED, runtimes)
                .build(heap, new VmInfo(1, "shop.Main", "17", "vm", "agent"));

        Task reader = snapshot.task("t7").orElseThrow();
        assertThat(reader.state()).isEqualTo(new TaskState(TaskState.Phase.WAITING, "WAITING (parked)"));
        assertThat(reader.waitingFor()).extracting(WaitEdge::description).containsExactly("reads pipe f" + pipe.id());
        assertThat(snapshot.task("f" + pipe.id())).isPresent();
        assertThat(snapshot.deadlocks()).extracting(Deadlock::taskIds).containsExactly(List.of("t7", "f" + pipe.id()));
    }

    @Test
    void withoutTheRuntimeTheThreadIsOnlyParked() {
        InMemoryHeap heap = new InMemoryHeap();
        ObjectRef thread = heap.object(heap.type("java.lang.Thread"));
        ObjectRef pipe = heap.object(heap.type(PIPE));
        heap.set(thread, "tid", new HeapValue.Primitive(7L)).set(thread, "threadStatus", new HeapValue.Primitive(0x1 | 0x10 | 0x200))
                .thread(thread, new StackFrameSample(PIPE, "read", "Pipes.java", 12, pipe, List.of(), null));

        Snapshot snapshot = new SnapshotBuilder(ValueReader.Limits.DEFAULT).build(heap, new VmInfo(1, null, null, null, "agent"));

        assertThat(snapshot.tasks()).extracting(Task::id).containsExactly("t7");
        assertThat(snapshot.task("t7").orElseThrow().waitingFor()).isEmpty();
        assertThat(snapshot.deadlocks()).isEmpty();
    }

    @Test
    void threadsComeFirstSoThatEveryRuntimeReadsTheirStacks() {
        Recognizer.Scope scope = new Recognizer.Scope(new InMemoryHeap(), new TaskIds(), new ArrayList<>(), new Findings(),
                TaskBudget.UNBOUNDED);
        assertThat(Recognizers.ALL.stream().<Class<?>>map(f -> f.create(scope).getClass()).toList())
                .containsExactly(ThreadRecognizer.class, ExecutorQueues.class, ReactorRecognizer.class, RxRecognizer.class, FutureRecognizer.class, GuavaRecognizer.class, CoroutineRecognizer.class);
    }

    @Test
    void aFindingNobodyPublishedIsEmptyAndOnePublishedTwiceIsAMistake() {
        Findings findings = new Findings();
        assertThat(findings.get(Findings.THREAD_SAMPLES)).isEmpty();
        assertThat(findings.get(Findings.STACK_NEEDS)).isSameAs(StackNeeds.NONE);
        Map<String, ThreadSample> samples = Map.of();
        findings.publish(Findings.THREAD_SAMPLES, samples);
        assertThatThrownBy(() -> findings.publish(Findings.THREAD_SAMPLES, samples)).isInstanceOf(IllegalStateException.class);
        findings.merge(Findings.BLOCKING_CALLS, Map.of("t1", new WaitEdge(WaitEdge.Kind.FUTURE, "f1", null, "joins f1")));
        findings.merge(Findings.BLOCKING_CALLS, Map.of("t1", new WaitEdge(WaitEdge.Kind.FUTURE, "f2", null, "joins f2")));
        assertThat(findings.get(Findings.BLOCKING_CALLS).get("t1").target()).isEqualTo("f1");
        assertThat(StackNeeds.receivers(Set.of("a")::contains).and(StackNeeds.receivers(Set.of("b")::contains)).receivers())
                .accepts("a", "b").rejects("c");
    }
}
