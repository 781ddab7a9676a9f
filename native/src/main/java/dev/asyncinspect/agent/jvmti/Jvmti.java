package dev.asyncinspect.agent.jvmti;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the agent reads inside a target JVM that reflection cannot give, through the native
 * library {@code libasyncinspect}: live instances, stack traces and stack locals of any thread,
 * monitors, bytecodes and constant pools.
 *
 * <p>The library gets its own JVMTI environments after the JVM started (no startup flag), so it
 * has only the capabilities available live. Every method is synchronized: calls never overlap.
 *
 * <p>Errors are exceptions: a JVMTI error becomes an {@link IllegalStateException} naming the
 * error and what was being done ({@code "JVMTI_ERROR_THREAD_NOT_ALIVE (15) while counting a
 * thread's frames"}), a null argument a {@link NullPointerException} naming it, and memory the
 * library could not get an {@link OutOfMemoryError}. A null or empty result is never an error: it
 * means there is none ({@link #bytecodes} of an abstract method, {@link #sourceFileName} of a class
 * without one). Threads that are not alive (not started or terminated) have no stack trace:
 * {@link #stackTrace} gives an {@code IllegalStateException} for them.
 */
public final class Jvmti {

    private static final String LIBRARY = "libasyncinspect-linux-x86_64.so";

    private static boolean loaded;

    private Jvmti() {
    }

    /**
     * Copies the library into {@code privateDirectory} (readable by the owner only) and loads
     * it; later calls do nothing. A JVM lets only one class loader load a given library file,
     * so call this from one class loader per target (a second agent copy under another loader
     * must use another directory).
     *
     * @param privateDirectory a directory only this user can write to
     */
    public static synchronized void load(Path privateDirectory) {
        if (loaded) {
            return;
        }
        try (InputStream library = Jvmti.class.getResourceAsStream(LIBRARY)) {
            if (library == null) {
                throw new IllegalStateException(LIBRARY + " is not next to " + Jvmti.class.getName()
                        + ": this build has no library for " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"));
            }
            // temp file + move: nobody loads a half-written library; createTempFile makes it 0600,
            // and writing into it (not Files.copy, which recreates it) keeps that
            Path partial = Files.createTempFile(privateDirectory, "libasyncinspect", ".part");
            try (OutputStream out = Files.newOutputStream(partial)) {
                library.transferTo(out);
            }
            Path target = privateDirectory.resolve(LIBRARY);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.load(target.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + LIBRARY + " into " + privateDirectory, e);
        }
        loaded = true;
    }

    /**
     * The reachable instances of exactly each class (not of subclasses), in one heap walk:
     * {@code result[i]} holds those of {@code classes[i]}. Garbage not yet collected is left
     * out. The walk runs at a safepoint: the target pauses for its length.
     */
    public static synchronized native Object[][] instancesOf(Class<?>[] classes);

    /**
     * The innermost {@code maxDepth} frames of a thread, innermost first:
     * {@code { Class<?>[] declaringClasses, String[] methodNames, String[] methodSignatures,
     * int[] lineNumbers, long[] bytecodeIndexes }}. Line numbers are -1 when unknown, bytecode
     * indexes -1 in native methods. Works for virtual threads, mounted or not, on JDK 21+.
     */
    public static synchronized native Object[] stackTrace(Thread thread, int maxDepth);

    /**
     * What the threads' frames hold, and the monitors among it, from one walk:
     * {@code { int[] threadIndex, int[] depth, int[] slot, Object[] value, Object[][] ownedMonitors,
     * Object[] contendedMonitor }}. The first four are parallel arrays of the objects held in local
     * variable (and operand stack) slots: {@code threadIndex} indexes {@code threads}, {@code depth}
     * numbers frames as {@link #stackTrace} does, slots past the method's locals are operand stack
     * entries. Compiled frames report only the locals still live at that point.
     *
     * <p>{@code ownedMonitors[i]} are the monitors {@code threads[i]} owns, and
     * {@code contendedMonitor[i]} the one it is blocked entering or waits on in {@link Object#wait}
     * (null when none). A library loaded after startup cannot have GetOwnedMonitorInfo, so these are
     * the objects in the thread's frames (its JNI locals too, such as the receiver of
     * {@code Object.wait}) and the classes of its static synchronized methods that
     * GetObjectMonitorUsage says it owns or waits for: a monitor held only through a dead local of a
     * compiled frame, or through JNI MonitorEnter, is missed. A virtual thread gets none (since JDK 23
     * GetObjectMonitorUsage names no virtual thread), and so does a thread that is not alive.
     *
     * <p>Platform and mounted virtual threads cost a walk of the roots only. An unmounted
     * virtual thread's frames are heap objects that the JVM reports only when the walk reaches
     * the thread, so with any virtual thread among {@code threads} the whole heap is walked.
     */
    public static synchronized native Object[] stackLocalObjects(Thread[] threads);

    /** The method's bytecodes; null when it is abstract or native. */
    public static synchronized native byte[] bytecodes(Executable method);

    /**
     * {@code { Integer count, byte[] bytes }}: the constant pool in class file format, hidden
     * classes such as lambda proxies included; null for arrays and primitive types.
     */
    public static synchronized native Object[] constantPool(Class<?> type);

    /** Pairs of (start bytecode index, line number), flattened; empty when the method has none. */
    public static synchronized native int[] lineNumberTable(Executable method);

    /** The SourceFile attribute; null when absent. */
    public static synchronized native String sourceFileName(Class<?> type);

    /**
     * Whether reading the class's statics would run no initializer: true once it is initialized,
     * and for arrays and primitive types.
     */
    public static synchronized native boolean isInitialized(Class<?> type);

    /** The live platform threads. */
    public static synchronized native Thread[] allThreads();
}
