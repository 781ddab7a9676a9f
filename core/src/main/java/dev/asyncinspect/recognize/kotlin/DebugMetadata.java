package dev.asyncinspect.recognize.kotlin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Kotlin's {@code @kotlin.coroutines.jvm.internal.DebugMetadata} on a continuation class: the
 * source of a suspend function's state machine (file, a line per suspension point, which field
 * holds which local at which suspension point), plus the class's SMAP for inlined lines.
 *
 * @param lines        line of each suspension point, by index ({@code label - 1})
 * @param spilled      field names ({@code L$0}, {@code I$1}…), parallel to {@code localNames} and {@code labels}
 * @param labels       the suspension point index at which each spilled field is live
 * @param smap         the SourceDebugExtension of the class whose code the lines are in ({@code className}), or null
 * @param inlineOffset where this function's inlined lines start in its class's SMAP: the compiler numbers a
 *                     function's inlined lines from the end of the file, as if it were alone in its class
 */
public record DebugMetadata(int version, String file, List<Integer> lines, List<String> spilled,
                            List<String> localNames, List<Integer> labels, String method, String className,
                            String smap, int inlineOffset) {

    private static final String DESCRIPTOR = "Lkotlin/coroutines/jvm/internal/DebugMetadata;";

    public int suspensionPoints() {
        return lines.size();
    }

    /** The source line of suspension point {@code index}, mapped out of inlined code to the user's own line. */
    public int line(int index) {
        if (index < 0 || index >= lines.size()) {
            return -1;
        }
        int line = lines.get(index);
        return Smap.callSite(smap, line > Smap.fileLines(smap) ? line + inlineOffset : line);
    }

    /**
     * A continuation class's metadata with the source map of the class holding the function's code: a
     * named suspend function's code is in the class that declares it, a suspend lambda's in the lambda class.
     *
     * @param classFile a class file by class name
     */
    public static Optional<DebugMetadata> ofContinuation(String continuationClass, Function<String, Optional<byte[]>> classFile) {
        Optional<byte[]> own = classFile.apply(continuationClass);
        Optional<DebugMetadata> debug = own.flatMap(DebugMetadata::read);
        if (debug.isEmpty()) {
            return debug;
        }
        Optional<byte[]> code = debug.get().className().equals(continuationClass) ? own : classFile.apply(debug.get().className());
        return code.map(bytes -> debug.get().withCodeClass(bytes)).or(() -> debug);
    }

    /** The same metadata with the source map of the class that holds the function's code, read from its class file. */
    public DebugMetadata withCodeClass(byte[] codeClass) {
        String classSmap = smapOf(codeClass);
        int fileLines = Smap.fileLines(classSmap);
        int firstInlined = Integer.MAX_VALUE;
        for (int line : lineNumbers(codeClass, method)) {
            if (line > fileLines) {
                firstInlined = Math.min(firstInlined, line);
            }
        }
        int offset = firstInlined == Integer.MAX_VALUE ? 0 : firstInlined - (fileLines + 1);
        return new DebugMetadata(version, file, lines, spilled, localNames, labels, method, className, classSmap, offset);
    }

    /** Every line number in the LineNumberTables of the methods of this name. */
    private static List<Integer> lineNumbers(byte[] classFile, String methodName) {
        List<Integer> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor,
                                                               String signature, String[] exceptions) {
                if (!name.equals(methodName)) {
                    return null;
                }
                return new org.objectweb.asm.MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLineNumber(int line, org.objectweb.asm.Label start) {
                        found.add(line);
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return found;
    }

    /** A class file's SourceDebugExtension (its SMAP), or null. */
    static String smapOf(byte[] classFile) {
        String[] smap = new String[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitSource(String source, String debug) {
                smap[0] = debug;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        return smap[0];
    }

    public static Optional<DebugMetadata> read(byte[] classFile) {
        Collector collector = new Collector();
        new ClassReader(classFile).accept(collector, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        return Optional.ofNullable(collector.result());
    }

    private static final class Collector extends ClassVisitor {
        private int version = 1;
        private String file = "";
        private String method = "";
        private String className = "";
        private String smap;
        private final List<Integer> lines = new ArrayList<>();
        private final List<Integer> labels = new ArrayList<>();
        private final List<String> spilled = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private boolean found;

        Collector() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visitSource(String source, String debug) {
            smap = debug;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (!DESCRIPTOR.equals(descriptor)) {
                return null;
            }
            found = true;
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) {
                    switch (name) {
                        case "v" -> version = (Integer) value;
                        case "f" -> file = (String) value;
                        case "m" -> method = (String) value;
                        case "c" -> className = (String) value;
                        case "l" -> addAll(lines, (int[]) value);
                        case "i" -> addAll(labels, (int[]) value);
                        default -> { }
                    }
                }

                @Override
                public AnnotationVisitor visitArray(String name) {
                    List<String> into = name.equals("s") ? spilled : name.equals("n") ? names : null;
                    List<Integer> ints = name.equals("l") ? lines : name.equals("i") ? labels : null;
                    return new AnnotationVisitor(Opcodes.ASM9) {
                        @Override
                        public void visit(String unnamed, Object value) {
                            if (into != null && value instanceof String text) {
                                into.add(text);
                            } else if (ints != null && value instanceof Integer number) {
                                ints.add(number);
                            }
                        }
                    };
                }
            };
        }

        private static void addAll(List<Integer> into, int[] values) {
            for (int value : values) {
                into.add(value);
            }
        }

        DebugMetadata result() {
            return found ? new DebugMetadata(version, file, List.copyOf(lines), List.copyOf(spilled),
                    List.copyOf(names), List.copyOf(labels), method, className.replace('/', '.'), smap, 0) : null;
        }
    }
}
