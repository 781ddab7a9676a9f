package dev.asyncinspect.jdi;

import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import dev.asyncinspect.text.ValueText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CompletableFuture's own code, as JDK 17 to 25 write it: every completion is a compare-and-set of
 * {@code result} from null inside one of a few methods, and a pending stage is an object whose
 * {@code dep} is the future it will complete.
 */
final class Futures {

    static final String FUTURE = "java.util.concurrent.CompletableFuture";
    private static final Set<String> COMPLETING = Set.of("internalComplete", "completeNull", "completeValue",
            "completeThrowable", "completeRelay");

    private final VirtualMachine vm;
    private final TargetValues values;

    Futures(VirtualMachine vm, TargetValues values) {
        this.vm = vm;
        this.values = values;
    }

    /** Where a future's result is set: the entries of the methods that compare-and-set it. */
    List<Location> completions() {
        List<Location> found = new ArrayList<>();
        for (ReferenceType type : vm.classesByName(FUTURE)) {
            for (Method method : type.methods()) {
                if (COMPLETING.contains(method.name())) {
                    found.add(method.location());
                }
            }
        }
        return found;
    }

    /** The entries of the code that runs a pending stage of {@code future}: {@code tryFire} of a completion, {@code run} of an async task. */
    Map<ObjectReference, List<Location>> stagesOf(ObjectReference future) {
        Map<ObjectReference, List<Location>> stages = new LinkedHashMap<>();
        for (ReferenceType type : vm.allClasses()) {
            Field dep = type.name().startsWith(FUTURE + "$") && type.isPrepared() ? type.fieldByName("dep") : null;
            if (dep == null || dep.isStatic() || !(type instanceof ClassType) || type.isAbstract()) {
                continue;
            }
            List<Location> runs = type.methods().stream().filter(m -> m.name().equals("tryFire") || m.name().equals("run"))
                    .filter(m -> !m.isAbstract()).map(Method::location).toList();
            for (ObjectReference stage : type.instances(0)) {
                if (future.equals(stage.getValue(dep))) {
                    stages.put(stage, runs);
                }
            }
        }
        return stages;
    }

    /** Whether the completing call a frame is at the entry of sets an exception rather than a value. */
    static boolean exceptionally(StackFrame frame) {
        String method = frame.location().method().name();
        if (method.equals("completeThrowable")) {
            return true;
        }
        List<Value> arguments = frame.getArgumentValues();
        // internalComplete and completeRelay take the encoded result: an AltResult holds the exception, if any.
        return (method.equals("internalComplete") || method.equals("completeRelay")) && !arguments.isEmpty()
                && arguments.get(0) instanceof ObjectReference result
                && result.referenceType().name().equals(FUTURE + "$AltResult")
                && StateMachines.field(result, "ex") != null;
    }

    /** Whether the future has no result yet. */
    static boolean pending(ObjectReference future) {
        return StateMachines.field(future, "result") == null;
    }

    /** "completed with "door 4"", "failed with IllegalStateException: parcel 3 lost", or "pending". */
    String outcome(ObjectReference future) {
        Value result = StateMachines.field(future, "result");
        if (result == null) {
            return "pending";
        }
        if (result instanceof ObjectReference alt && alt.referenceType().name().equals(FUTURE + "$AltResult")) {
            Value thrown = StateMachines.field(alt, "ex");
            if (!(thrown instanceof ObjectReference exception)) {
                return "completed with null";
            }
            // Dependent stages wrap the original failure in a CompletionException.
            if (exception.referenceType().name().equals("java.util.concurrent.CompletionException")
                    && StateMachines.field(exception, "cause") instanceof ObjectReference cause && !cause.equals(exception)) {
                exception = cause;
            }
            return "failed with " + exception(exception);
        }
        return "completed with " + ValueText.of(values.read(result));
    }

    private static String exception(ObjectReference exception) {
        String type = exception.referenceType().name();
        Value message = StateMachines.field(exception, "detailMessage");
        return type.substring(type.lastIndexOf('.') + 1) + (message instanceof StringReference text ? ": " + text.value() : "");
    }
}
