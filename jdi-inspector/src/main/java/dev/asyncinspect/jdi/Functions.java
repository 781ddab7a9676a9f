package dev.asyncinspect.jdi;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ClassType;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import dev.asyncinspect.model.PlatformCode;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The user's loaded code by the names people give it: functions by simple or qualified name, and source lines. */
final class Functions {

    private final VirtualMachine vm;

    Functions(VirtualMachine vm) {
        this.vm = vm;
    }

    /** Entry locations of the methods named {@code method} or {@code Owner.method} ({@code Owner} simple or qualified). */
    List<Location> entries(String name) {
        int dot = name.lastIndexOf('.');
        String owner = dot < 0 ? null : name.substring(0, dot);
        String method = dot < 0 ? name : name.substring(dot + 1);
        List<Location> found = new ArrayList<>();
        for (ReferenceType type : vm.allClasses()) {
            if (!type.isPrepared() || PlatformCode.contains(type.name()) || owner != null && !(type.name().equals(owner)
                    || type.name().endsWith("." + owner) || type.name().endsWith("$" + owner))) {
                continue;
            }
            for (Method candidate : type.methodsByName(method)) {
                Location entry = entry(candidate);
                if (entry != null) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /**
     * A method's very first instruction. Its first line can start later: a suspend function's first
     * line comes after the prologue that takes the resume flag off its state machine's label, and
     * before that the state machine still says it is being resumed (and from which state).
     */
    static Location entry(Method method) {
        if (method.isAbstract() || method.isNative() || method.location() == null) {
            return null;
        }
        Location first = method.locationOfCodeIndex(0);
        return first != null ? first : method.location();
    }

    List<Location> lines(String file, int line) {
        List<Location> found = new ArrayList<>();
        for (ReferenceType type : vm.allClasses()) {
            try {
                if (type.sourceName().equals(file)) {
                    found.addAll(type.locationsOfLine(line));
                }
            } catch (AbsentInformationException noSource) {
                // Not this one.
            }
        }
        return found;
    }

    /**
     * What a person would type: {@code refill} and {@code PumpKt.refill} for each method of the user's
     * classes, leaving out what the compilers generate (lambdas, accessors, state-machine classes).
     */
    SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        for (ReferenceType type : vm.allClasses()) {
            if (!type.isPrepared() || PlatformCode.contains(type.name()) || type.name().contains("$$Lambda")
                    || type.name().contains("/") || isStateMachine(type)) {
                continue;
            }
            String owner = type.name().substring(type.name().lastIndexOf('.') + 1);
            for (Method method : type.methods()) {
                if (method.isConstructor() || method.isStaticInitializer() || method.isSynthetic() || method.isBridge()
                        || method.isAbstract() || method.name().contains("$")) {
                    continue;
                }
                names.add(method.name());
                names.add(owner + "." + method.name());
            }
        }
        return names;
    }

    private static boolean isStateMachine(ReferenceType type) {
        for (ClassType at = type instanceof ClassType c ? c.superclass() : null; at != null; at = at.superclass()) {
            if (at.name().equals(StateMachines.BASE_CONTINUATION)) {
                return true;
            }
        }
        return false;
    }
}
