package dev.asyncinspect.bench;

import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import dev.asyncinspect.attach.AttachException;
import dev.asyncinspect.attach.JdwpEndpoint;
import dev.asyncinspect.attach.JdwpLocator;
import dev.asyncinspect.attach.JvmDescriptor;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.export.JsonSnapshotWriter;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.jdi.TargetException;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.recognize.ValueReader;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Times a full dump (snapshot + JSON) of a running target against a naive JDI walk over the same
 * futures, on one connection: usage {@code --pid N [--rounds R]}. With several rounds each side
 * runs alternately and the best time of each is reported.
 */
public final class DumpBenchmark {

    private static final String FUTURE = "java.util.concurrent.CompletableFuture";

    public static void main(String[] args) {
        long pid = -1;
        int rounds = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> usage();
            }
        }
        if (pid <= 0 || rounds < 1 || args.length % 2 != 0) {
            usage();
        }
        try {
            run(pid, rounds);
        } catch (AttachException | TargetException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(long pid, int rounds) {
        JvmDescriptor target = new JvmDirectory().describe(pid);
        long oursBest = Long.MAX_VALUE;
        long naiveBest = Long.MAX_VALUE;
        long futureTasks = 0;
        Naive naive = null;
        // Each side gets a connection of its own, as each run of a real tool would: JDI's per-connection
        // caches (an object's class, learnt with one extra round trip) must not favour the second.
        for (int round = 0; round < rounds; round++) {
            try (JdiTarget jdi = connect(pid, target)) {
                long start = System.nanoTime();
                futureTasks = dump(jdi);
                oursBest = Math.min(oursBest, System.nanoTime() - start);
            }
            try (JdiTarget jdi = connect(pid, target)) {
                long start = System.nanoTime();
                naive = Naive.walk(jdi.virtualMachine());
                naiveBest = Math.min(naiveBest, System.nanoTime() - start);
            }
        }
        String best = rounds > 1 ? ", best of " + rounds : "";
        System.out.printf("target: pid %d Java %s, %d pending futures (%d future tasks)%n",
                pid, target.javaVersion(), naive.pendingFutures, futureTasks);
        System.out.printf("ours:   %6.1f s  (%d future tasks, snapshot + JSON%s)%n", seconds(oursBest), futureTasks, best);
        System.out.printf("naive:  %6.1f s  (%d objects, one getValues each, one thread%s)%n",
                seconds(naiveBest), naive.objects, best);
        double ratio = (double) naiveBest / oursBest;
        System.out.printf(ratio >= 1 ? "ratio:  %6.1fx faster than naive%n" : "ratio:  %6.1fx slower than naive%n",
                ratio >= 1 ? ratio : 1 / ratio);
    }

    /** JDWP listens on a new port after every detach, so the address is looked up each time. */
    private static JdiTarget connect(long pid, JvmDescriptor target) {
        JdwpEndpoint endpoint = new JdwpLocator().locate(pid);
        return JdiTarget.attach(endpoint.host(), endpoint.port(), pid, target.mainClass());
    }

    /** Ours, as the CLI dumps: one snapshot (suspends the VM while reading) written as JSON. */
    private static long dump(JdiTarget jdi) {
        Snapshot snapshot = jdi.snapshot(ValueReader.Limits.DEFAULT);
        new JsonSnapshotWriter().write(snapshot, Writer.nullWriter(), false);
        return snapshot.tasks().stream().filter(t -> t.kind() == TaskKind.FUTURE).count();
    }

    /**
     * The baseline a plain JDI client would write: list the futures, then one {@code getValues}
     * round trip per future, per pending completion and per completion's function, in turn (JDI
     * itself first asks once for each object's class, as it does for ours).
     */
    private static final class Naive {

        private final Map<ReferenceType, List<Field>> fields = new HashMap<>();
        private long objects;
        private long pendingFutures;

        static Naive walk(VirtualMachine vm) {
            Naive naive = new Naive();
            vm.suspend();
            try {
                for (ReferenceType type : vm.classesByName(FUTURE)) {
                    for (ObjectReference future : type.instances(0)) {
                        naive.future(future);
                    }
                }
            } finally {
                vm.resume();
            }
            return naive;
        }

        private void future(ObjectReference future) {
            Map<String, Value> values = read(future);
            if (values.get("stack") instanceof ObjectReference completion) {
                if (values.get("result") == null) {
                    pendingFutures++;
                }
                if (read(completion).get("fn") instanceof ObjectReference fn) {
                    read(fn);
                }
            }
        }

        private Map<String, Value> read(ObjectReference object) {
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
        System.err.println("usage: DumpBenchmark --pid N [--rounds R]");
        System.exit(2);
    }
}
