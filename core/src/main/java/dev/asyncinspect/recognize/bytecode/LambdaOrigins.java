package dev.asyncinspect.recognize.bytecode;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a lambda object's code comes from and what its captured fields are called in the source.
 * A JVM lambda class forwards its one method to a synthetic {@code lambda$method$N} (or to the
 * referenced method), whose leading parameters receive the captured values {@code arg$1, arg$2…}.
 * Worked out once per lambda class from its bytecode and constant pool, as the source hands them over:
 * lambda classes are hidden classes with no class file to give to a class-file library.
 */
public final class LambdaOrigins {

    /**
     * @param function       the declaring method as the user wrote it, {@code pkg.Class.method}
     * @param capturedNames  source names for the lambda's fields, by field name
     */
    public record Origin(String function, String implementation, String file, int line,
                         Map<String, String> capturedNames) {

        /** The values a lambda object captured, by their source names (Kotlin names a captured {@code x} as {@code $x}). */
        public List<Variable> captured(ObjectFields lambda, ValueReader values) {
            List<Variable> variables = new ArrayList<>();
            lambda.values().forEach((field, value) -> {
                String source = capturedNames.get(field);
                if (source != null) {
                    variables.add(values.variable(source.startsWith("$") && source.length() > 1 ? source.substring(1) : source, value));
                }
            });
            return variables;
        }
    }

    private static final Set<String> CONVERSIONS = Set.of("valueOf", "intValue", "longValue", "doubleValue",
            "floatValue", "shortValue", "byteValue", "charValue", "booleanValue");

    private final HeapView heap;
    private final Map<HeapClass, Origin> cache = new ConcurrentHashMap<>();

    public LambdaOrigins(HeapView heap) {
        this.heap = heap;
    }

    public Origin of(HeapClass lambdaClass, ObjectFields sample) {
        Origin known = cache.get(lambdaClass);     // asked once per future: no capturing lambda for a hit
        return known != null ? known : cache.computeIfAbsent(lambdaClass, c -> resolve(c, sample));
    }

    private Origin resolve(HeapClass type, ObjectFields sample) {
        Call call = isLambda(type) ? implementationCall(type) : null;
        if (call == null) {
            return plainObject(type, sample);
        }
        MethodFacts target = heap.method(call.ref.owner(), call.ref.name(), call.ref.descriptor()).orElse(null);
        List<String> parameters = target == null ? List.of() : target.parameterNames();
        List<String> captured = sample.values().keySet().stream().filter(f -> f.startsWith("arg$")).toList();
        Map<String, String> names = new java.util.LinkedHashMap<>();
        int parameter = 0;
        for (int i = 0; i < captured.size(); i++) {
            String name;
            if (i == 0 && !call.isStatic) {
                name = "this";
            } else {
                name = parameter < parameters.size() ? parameters.get(parameter) : captured.get(i);
                parameter++;
            }
            names.put(captured.get(i), name);
        }
        String function = call.ref.owner() + "." + declaringMethod(call.ref.name());
        return new Origin(function, call.ref.owner() + "." + call.ref.name(),
                target == null ? null : target.file(), target == null ? -1 : target.firstLine(), names);
    }

    private Origin plainObject(HeapClass type, ObjectFields sample) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        sample.values().keySet().forEach(f -> names.put(f, f));
        List<MethodFacts> methods = heap.methods(type);
        MethodFacts first = methods.stream().filter(m -> m.firstLine() > 0 && !m.name().equals("<init>"))
                .findFirst().orElse(null);
        String method = first == null ? "<unknown>" : first.name();
        return new Origin(type.name() + "." + method, type.name() + "." + method,
                first == null ? null : first.file(), first == null ? -1 : first.firstLine(), names);
    }

    /**
     * Kotlin passes a lambda to a Java functional interface through an adapter lambda that captures it
     * as {@code $tmp0}: each such adapter among these functions is replaced by the lambda it wraps.
     */
    public void unwrapAdapters(Map<ObjectRef, ObjectFields> functions) {
        Map<ObjectRef, ObjectRef> adapters = new HashMap<>();
        functions.values().forEach(f -> of(f.object().type(), f).capturedNames().forEach((field, name) -> {
            ObjectRef inner = f.ref(field);
            if (name.startsWith("$tmp") && inner != null && isLambda(inner.type())) {
                adapters.put(f.object(), inner);
            }
        }));
        Map<ObjectRef, ObjectFields> wrapped = heap.fields(adapters.values());
        adapters.forEach((adapter, inner) -> {
            if (wrapped.containsKey(inner)) {
                functions.put(adapter, wrapped.get(inner));
            }
        });
    }

    static boolean isLambda(HeapClass type) {
        return type.name().contains("$$Lambda");
    }

    /** {@code lambda$checkout$2} was written inside {@code checkout}; a method reference names itself. */
    static String declaringMethod(String implementation) {
        if (implementation.startsWith("lambda$")) {
            int end = implementation.indexOf('$', "lambda$".length());
            return end > 0 ? implementation.substring("lambda$".length(), end) : implementation;
        }
        return implementation;
    }

    private record Call(ConstantPool.MethodRef ref, boolean isStatic) {}

    private Call implementationCall(HeapClass type) {
        var pool = heap.constantPool(type).map(p -> new ConstantPool(p.count(), p.bytes())).orElse(null);
        if (pool == null) {
            return null;
        }
        for (MethodFacts method : heap.methods(type)) {
            if (method.name().startsWith("<") || method.bytecode().length == 0) {
                continue;
            }
            for (Call call : calls(method.bytecode(), pool)) {
                if (!CONVERSIONS.contains(call.ref.name()) || !call.ref.owner().startsWith("java.lang.")) {
                    return call;
                }
            }
        }
        return null;
    }

    /** The invoke instructions of a generated forwarding method; it has no switches, so a linear scan works. */
    private static List<Call> calls(byte[] code, ConstantPool pool) {
        List<Call> calls = new ArrayList<>();
        int pc = 0;
        while (pc < code.length) {
            int opcode = Byte.toUnsignedInt(code[pc]);
            if (opcode >= 0xb6 && opcode <= 0xb9) {
                int index = ((code[pc + 1] & 0xff) << 8) | (code[pc + 2] & 0xff);
                ConstantPool.MethodRef ref = pool.methodRef(index);
                if (ref != null) {
                    calls.add(new Call(ref, opcode == 0xb8));
                }
            }
            pc += Opcodes.length(code, pc);
        }
        return calls;
    }
}
