package dev.asyncinspect.jdi;

import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.StackFrame;
import com.sun.jdi.Value;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Optional;

/**
 * Reads a local variable by slot number where the class file has no LocalVariableTable (the JDK
 * is compiled without one). JDWP can do it; JDI's public API cannot name such a variable, so its
 * own LocalVariable implementation is made by reflection. Without
 * {@code --add-opens jdk.jdi/com.sun.tools.jdi=ALL-UNNAMED} (the launcher passes it) nothing is read.
 */
final class RawSlots {

    private static final Constructor<?> VARIABLE = variableConstructor();

    private RawSlots() {}

    static Optional<Value> read(StackFrame frame, int slot) {
        if (VARIABLE == null) {
            return Optional.empty();
        }
        try {
            Method method = frame.location().method();
            List<Location> lines = method.allLineLocations();
            Location end = lines.isEmpty() ? method.location() : lines.get(lines.size() - 1);
            LocalVariable variable = (LocalVariable) VARIABLE.newInstance(frame.virtualMachine(), method, slot,
                    method.location(), end, "slot" + slot, "Ljava/lang/Object;", null);
            return Optional.ofNullable(frame.getValue(variable));
        } catch (ReflectiveOperationException | RuntimeException | com.sun.jdi.AbsentInformationException e) {
            return Optional.empty();
        }
    }

    private static Constructor<?> variableConstructor() {
        try {
            Constructor<?> constructor = Class.forName("com.sun.tools.jdi.LocalVariableImpl").getDeclaredConstructor(
                    com.sun.jdi.VirtualMachine.class, Method.class, int.class, Location.class, Location.class,
                    String.class, String.class, String.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
