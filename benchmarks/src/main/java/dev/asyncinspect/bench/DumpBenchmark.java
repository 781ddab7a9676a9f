package dev.asyncinspect.bench;

import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.AttachException;
import dev.asyncinspect.attach.JdwpEndpoint;
import dev.asyncinspect.attach.JdwpLocator;
import dev.asyncinspect.attach.JvmDescriptor;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.export.JsonSnapshotWriter;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.jdi.TargetException;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.source.SnapshotSource;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Times a full dump (snapshot + JSON) of a running target against a naive JDI walk over the same
 * objects: usage {@code --pid N [--kind futures|coroutines|mixed] [--via jdwp|agent] [--rounds R]}, the
 * target being {@code ManyFutures}, {@code ManyCoroutinesKt} or {@code ManyTasksKt} (both), started with JDWP
 * for the naive walk; {@code --via agent} takes our snapshot through the agent instead. With several rounds each side runs alternately
 * and the best time of each is reported.
 */
public final class DumpBenchmark {

    /** What the target holds: the tasks our dump should find, and the objects the naive walk reads. */
    private enum Workload {
        FUTURES("ManyFutures", TaskKind.FUTURE, "pending futures") {
            @Override
            void walk(VirtualMachine vm, Naive naive) {
                for (ReferenceType type : vm.classesByName("java.util.concurrent.CompletableFuture")) {
                    for (ObjectReference future : type.instances(0)) {
                        Map<String, Value> values = naive.read(future);
                        if (values.get("stack") instanceof ObjectReference completion) {
                            if (values.get("result") == null) {
                                naive.found++;
                            }
                            if (naive.read(completion).get("fn") instanceof ObjectReference fn) {
                                naive.read(fn);
                            }
                        }
                    }
                }
            }
        },

        COROUTINES("ManyCoroutines", TaskKind.COROUTINE, "coroutines") {
            @Override
            void walk(VirtualMachine vm, Naive naive) {
                walkCoroutines(vm, naive);
            }
        },

        /** Both in one target (ManyTasksKt): the agent's benchmark. */
        MIXED("ManyTasks", null, "futures and coroutines") {
            @Override
            void walk(VirtualMachine vm, Naive naive) {
                FUTURES.walk(vm, naive);
                walkCoroutines(vm, naive);
            }
        };

        private static void walkCoroutines(VirtualMachine vm, Naive naive) {
            for (ObjectReference coroutine : instances(vm, "kotlinx.coroutines.AbstractCoroutine")) {
                naive.found++;
                if (naive.read(coroutine).get("context") instanceof ObjectReference context) {
                    naive.read(context);
                }
            }
            for (String name : List.of("kotlin.coroutines.jvm.internal.BaseContinuationImpl",
                    "kotlinx.coroutines.CancellableContinuationImpl",
                    "kotlinx.coroutines.internal.DispatchedContinuation",
                    "kotlinx.coroutines.ResumeAwaitOnCompletion")) {
                instances(vm, name).forEach(naive::read);
            }
        }

        /** Instances of the named class and of all its loaded subclasses. */
        private static List<ObjectReference> instances(VirtualMachine vm, String name) {
            List<ObjectReference> instances = new ArrayList<>();
            Deque<ClassType> types = new ArrayDeque<>();
            vm.classesByName(name).forEach(type -> types.add((ClassType) type));
            while (!types.isEmpty()) {
                ClassType type = types.pop();
                instances.addAll(type.instances(0));
                types.addAll(type.subclasses());
            }
            return instances;
        }

        private final String program;
        private final TaskKind kind;
        private final String foundLabel;

        Workload(String program, TaskKind kind, String foundLabel) {
            this.program = program;
            this.kind = kind;
            this.foundLabel = foundLabel;
        }

        /** Reads the objects a plain JDI client would, counting into {@code naive.found}. */
        abstract void walk(VirtualMachine vm, Naive naive);
    }

    public static void main(String[] args) {
        long pid = -1;
        int rounds = 1;
        boolean agent = false;
        Workload workload = Workload.FUTURES;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--kind" -> workload = kind(args[i + 1]);
                case "--via" -> agent = args[i + 1].equals("agent");
                default -> usage();
            }
        }
        if (pid <= 0 || rounds < 1 || args.length % 2 != 0) {
            usage();
        }
        try {
            run(pid, workload, rounds, agent);
        } catch (AttachException | TargetException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    private static Workload kind(String name) {
        for (Workload workload : Workload.values()) {
            if (workload.name().equalsIgnoreCase(name)) {
                return workload;
            }
        }
        usage();
        return null;
    }

    private static void run(long pid, Workload workload, int rounds, boolean agent) {
        JvmDescriptor target = new JvmDirectory().describe(pid);
        long oursBest = Long.MAX_VALUE;
        long naiveBest = Long.MAX_VALUE;
        long tasks = 0;
        Naive naive = null;
        // Each side gets a connection of its own, as each run of a real tool would: JDI's per-connection
        // caches (an object's class, learnt with one extra round trip) must not favour the second.
        for (int round = 0; round < rounds; round++) {
            try (SnapshotSource ours = agent ? AgentSource.open(pid) : connect(pid, target)) {
                long start = System.nanoTime();
                tasks = dump(ours, workload.kind);
                oursBest = Math.min(oursBest, System.nanoTime() - start);
            }
            try (JdiTarget jdi = connect(pid, target)) {
                long start = System.nanoTime();
                naive = Naive.walk(jdi.virtualMachine(), workload);
                naiveBest = Math.min(naiveBest, System.nanoTime() - start);
            }
        }
        String best = rounds > 1 ? ", best of " + rounds : "";
        String tasksLabel = (workload.kind == null ? "future and coroutine" : workload.kind.label()) + " tasks";
        System.out.printf("target: pid %d Java %s, %s: %d %s (%d %s)%n",
                pid, target.javaVersion(), workload.program, naive.found, workload.foundLabel, tasks, tasksLabel);
        System.out.printf("ours:   %6.2f s  (%d %s, snapshot + JSON, through %s%s)%n", seconds(oursBest), tasks, tasksLabel,
                agent ? "the agent" : "JDWP", best);
        System.out.printf("naive:  %6.1f s  (%d objects, one getValues each, one thread%s)%n",
                seconds(naiveBest), naive.objects, best);
        double ratio = (double) naiveBest / oursBest;
        System.out.printf(ratio >= 1 ? "ratio:  %6.1fx faster than naive%n" : "ratio:  %6.1fx slower than naive%n",
                ratio >= 1 ? ratio : 1 / ratio);
        if (workload == Workload.COROUTINES && tasks != naive.found) {
            System.err.printf("bench: the dump found %d coroutine tasks, the target holds %d coroutines%n",
                    tasks, naive.found);
        }
    }

    /** JDWP listens on a new port after every detach, so the address is looked up each time. */
    private static JdiTarget connect(long pid, JvmDescriptor target) {
        JdwpEndpoint endpoint = new JdwpLocator().locate(pid);
        return JdiTarget.attach(endpoint.host(), endpoint.port(), pid, target.mainClass(), null);
    }

    /** Ours, as the CLI dumps: one snapshot (suspends the VM while reading) written as JSON. */
    private static long dump(SnapshotSource source, TaskKind kind) {
        long start = System.nanoTime();
        Snapshot snapshot = source.snapshot(ValueReader.Limits.DEFAULT, Progress.NONE);
        long taken = System.nanoTime();
        new JsonSnapshotWriter().write(snapshot, Writer.nullWriter(), false);
        System.err.printf("  (snapshot %.2f s, JSON %.2f s)%n", seconds(taken - start), seconds(System.nanoTime() - taken));
        return snapshot.tasks().stream()
                .filter(t -> kind == null ? t.kind() == TaskKind.FUTURE || t.kind() == TaskKind.COROUTINE : t.kind() == kind)
                .count();
    }

    /**
     * The baseline a plain JDI client would write: list the instances, then one {@code getValues}
     * round trip per object, in turn (JDI itself first asks once for each object's class, as it
     * does for ours), with the VM suspended.
     */
    private static final class Naive {

        private final Map<ReferenceType, List<Field>> fields = new HashMap<>();
        private long objects;
        private long found;

        static Naive walk(VirtualMachine vm, Workload workload) {
            Naive naive = new Naive();
            vm.suspend();
            try {
                workload.walk(vm, naive);
            } finally {
                vm.resume();
            }
            return naive;
        }

        Map<String, Value> read(ObjectReference object) {
            // Field lists are cached per class, as any client would; the values are one round trip.
            List<Field> instanceFields = fields.computeIfAbsent(object.referenceType(),
                    type -> type.allFields().stream().filter(f -> !f.isStatic()).toList());
            Map<String, Value> byName = new HashMap<>();
            object.getValues(instanceFields).forEach((field, value) -> byName.put(field.name(), value));
            objects++;
            return byName;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void usage() {
        System.err.println("usage: DumpBenchmark --pid N [--kind futures|coroutines|mixed] [--via jdwp|agent] [--rounds R]");
        System.exit(2);
    }
}
