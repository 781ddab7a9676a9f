package dev.asyncinspect.agent.record;

import dev.asyncinspect.agent.jvmti.Jvmti;
import dev.asyncinspect.agent.probe.Probes;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Puts the probes into the running JVM and takes them out again. The Kotlin standard library calls
 * {@code kotlin.coroutines.jvm.internal.DebugProbesKt} when a coroutine is created, resumed and
 * suspended (the hooks kotlinx-coroutines-debug fills); each loaded copy of it, in every class loader
 * that can see {@link Probes}, gets a call to {@link Probes} at the start of those methods, ahead of
 * whatever body it has (the debug agent's, if it replaced it), which then runs as before.
 * CompletableFuture's methods that set a result get one too. Retransformation keeps each class's
 * schema; taking the probes out retransforms the classes without them, and the methods' bytecodes
 * are compared with those read before the probes went in.
 */
final class ProbeInstaller implements ClassFileTransformer {

    static final String KOTLIN_PROBES = "kotlin.coroutines.jvm.internal.DebugProbesKt";
    private static final String KOTLIN_PROBES_FILE = KOTLIN_PROBES.replace('.', '/');
    private static final String PROBES = Type.getInternalName(Probes.class);
    private static final String ONE_OBJECT = "(Ljava/lang/Object;)V";
    private static final Map<String, String> KOTLIN_HOOKS = Map.of("probeCoroutineCreated", "created",
            "probeCoroutineResumed", "resumed", "probeCoroutineSuspended", "suspended");
    /** CompletableFuture's methods that compare-and-set its result from null, by their number for the sink. */
    private static final Map<String, Integer> COMPLETING = Map.of("internalComplete", ProbeSink.INTERNAL_COMPLETE,
            "completeNull", ProbeSink.COMPLETE_NULL, "completeValue", ProbeSink.COMPLETE_VALUE,
            "completeThrowable", ProbeSink.COMPLETE_THROWABLE, "completeRelay", ProbeSink.COMPLETE_RELAY);

    private final Instrumentation instrumentation;
    private final List<Class<?>> probed = new ArrayList<>();
    private final List<Method> methods = new ArrayList<>();
    private final List<byte[]> before = new ArrayList<>();
    private final List<String> gaps = new CopyOnWriteArrayList<>();
    private final AtomicInteger loadedSince = new AtomicInteger();
    private volatile boolean rewriting;

    ProbeInstaller(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Installs the probes; what could not be probed is said in {@link #gaps}. */
    void install() throws UnmodifiableClassException {
        // Copies that load from now on get the probes as they load; those loaded already, below.
        rewriting = true;
        instrumentation.addTransformer(this, true);
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getName().equals(KOTLIN_PROBES)) {
                if (seesProbes(type.getClassLoader())) {
                    probed.add(type);
                } else {
                    gaps.add("coroutines of class loader " + type.getClassLoader() + " are not recorded: it does not see the"
                            + " boot class path");
                }
            }
        }
        probed.add(CompletableFuture.class);
        for (Class<?> type : probed) {
            Module module = type.getModule();
            if (module.isNamed() && !module.canRead(Probes.class.getModule())) {
                instrumentation.redefineModule(module, Set.of(Probes.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
            }
            for (Method method : type.getDeclaredMethods()) {
                if (hook(type == CompletableFuture.class, method.getName()) != null) {
                    methods.add(method);
                    before.add(Jvmti.bytecodes(method));
                }
            }
        }
        instrumentation.retransformClasses(probed.toArray(Class<?>[]::new));
    }

    /**
     * Takes the probes out: the classes retransformed without them.
     *
     * @return the methods whose bytecodes differ from before the probes went in (none, unless another agent changed them meanwhile)
     */
    List<String> remove() throws UnmodifiableClassException {
        rewriting = false;
        instrumentation.removeTransformer(this);
        if (loadedSince.get() > 0) {
            // Copies loaded since the probes went in got them as they loaded; without the transformer they load as they were.
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (type.getName().equals(KOTLIN_PROBES) && !probed.contains(type)) {
                    probed.add(type);
                }
            }
            loadedSince.set(0);
        }
        if (!probed.isEmpty()) {
            instrumentation.retransformClasses(probed.toArray(Class<?>[]::new));
        }
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            if (!Arrays.equals(before.get(i), Jvmti.bytecodes(methods.get(i)))) {
                differ.add(methods.get(i).getDeclaringClass().getName() + "." + methods.get(i).getName());
            }
        }
        return differ;
    }

    List<String> gaps() {
        return gaps;
    }

    /** The copies of the Kotlin library's hooks probed, at the start or as they loaded since. */
    int kotlinCopies() {
        return (int) probed.stream().filter(t -> t.getName().equals(KOTLIN_PROBES)).count() + loadedSince.get();
    }

    private static boolean seesProbes(ClassLoader loader) {
        try {
            return Class.forName(Probes.class.getName(), false, loader) == Probes.class;
        } catch (ClassNotFoundException | LinkageError unseen) {
            return false;
        }
    }

    /** The Probes method a method of a probed class calls first, or null when it gets none. */
    private static String hook(boolean future, String method) {
        if (future) {
            return COMPLETING.containsKey(method) ? "completing" : null;
        }
        return KOTLIN_HOOKS.get(method);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (!rewriting) {
            return null;
        }
        if (redefined == null) {
            // A copy of the hooks loading now (a JVM recorded from its start, a class loader made later).
            if (!KOTLIN_PROBES_FILE.equals(className) || !seesProbes(loader)) {
                return null;
            }
            byte[] probedFile = probed(className, false, classFile);
            if (probedFile != null) {
                loadedSince.incrementAndGet();
            }
            return probedFile;
        }
        return probed.contains(redefined) ? probed(className, redefined == CompletableFuture.class, classFile) : null;
    }

    private byte[] probed(String className, boolean future, byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
                    String hook = hook(future, name);
                    if (hook == null || (access & Opcodes.ACC_ABSTRACT) != 0) {
                        return code;
                    }
                    boolean instance = (access & Opcodes.ACC_STATIC) == 0;
                    Type[] arguments = Type.getArgumentTypes(descriptor);
                    return new MethodVisitor(Opcodes.ASM9, code) {
                        @Override
                        public void visitCode() {
                            super.visitCode();
                            if (hook.equals("completing")) {
                                super.visitVarInsn(Opcodes.ALOAD, 0);
                                if (arguments.length > 0 && arguments[0].getSort() >= Type.ARRAY) {
                                    super.visitVarInsn(Opcodes.ALOAD, 1);
                                } else {
                                    super.visitInsn(Opcodes.ACONST_NULL);
                                }
                                super.visitLdcInsn(COMPLETING.get(name));
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, hook,
                                        "(Ljava/lang/Object;Ljava/lang/Object;I)V", false);
                            } else if (!instance && arguments.length == 1) {
                                super.visitVarInsn(Opcodes.ALOAD, 0);
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, hook, ONE_OBJECT, false);
                            }
                        }
                    };
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException unreadable) {
            gaps.add(className + " could not be probed: " + unreadable);
            return null;
        }
    }
}
