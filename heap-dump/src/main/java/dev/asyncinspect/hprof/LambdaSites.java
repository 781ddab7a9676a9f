package dev.asyncinspect.hprof;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import shark.HeapObject;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.FieldRecord;

/**
 * Which lambda expression a lambda object comes from. A heap dump has no bytecode for the hidden
 * {@code Host$$Lambda} classes, so the answer comes from the host's class file and its linked call sites:
 * every {@code invokedynamic} the JVM has linked keeps its target in the host's
 * {@code <resolved_references>} (which HotSpot writes as a pseudo static field), and that target leads to
 * the lambda class. Within one method, the JVM numbers its call sites in bytecode order, so a method's
 * sites line up with consecutive entries; the alignment that agrees with the most captured-value shapes wins.
 * Without that, a lambda whose captured fields fit only one site of its host no other lambda left fits still finds it.
 */
final class LambdaSites {

    /** One {@code invokedynamic} of the host: its method, its place among that method's call sites, and its lambda if any. */
    record Site(String method, int ordinal, Handle implementation, String capturedKinds) {}

    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int MAX_DEPTH = 4;

    private final shark.HeapGraph graph;
    private final Function<String, Optional<ParsedClass>> classFiles;
    private final Map<String, Map<Long, Site>> byHost = new HashMap<>();

    LambdaSites(shark.HeapGraph graph, Function<String, Optional<ParsedClass>> classFiles) {
        this.graph = graph;
        this.classFiles = classFiles;
    }

    static boolean isLambda(String className) {
        return className.contains("$$Lambda");
    }

    static String host(String lambdaClass) {
        return lambdaClass.substring(0, lambdaClass.indexOf("$$Lambda"));
    }

    /** The implementation method handle of a lambda class, if the host's class file and the dump tell it. */
    synchronized Optional<Handle> implementation(HeapObject.HeapClass lambda, String lambdaName) {
        String host = host(lambdaName);
        Map<Long, Site> sites = byHost.computeIfAbsent(host, this::resolveHost);
        Site site = sites.get(lambda.getObjectId());
        return Optional.ofNullable(site).map(Site::implementation);
    }

    private Map<Long, Site> resolveHost(String hostName) {
        Optional<ParsedClass> parsed = classFiles.apply(hostName);
        if (parsed.isEmpty()) {
            return Map.of();
        }
        List<List<Site>> methods = sites(parsed.get().bytes);
        List<HeapObject.HeapClass> lambdas = new ArrayList<>();
        HeapObject.HeapClass hostClass = null;
        for (HeapObject.HeapClass type : (Iterable<HeapObject.HeapClass>) () -> graph.getClasses().iterator()) {
            String name = ClassNames.hidden(type.getName());
            if (isLambda(name) && host(name).equals(hostName)) {
                lambdas.add(type);
            } else if (name.equals(hostName)) {
                hostClass = type;
            }
        }
        Map<Long, String> kinds = new HashMap<>();
        lambdas.forEach(l -> kinds.put(l.getObjectId(), capturedKinds(l)));
        Map<Long, Integer> indexOf = hostClass == null ? Map.of() : linkedIndexes(hostClass, kinds.keySet());

        Map<Long, Site> found = new HashMap<>();
        for (List<Site> method : methods) {
            alignByIndex(method, indexOf, kinds, found);
        }
        // Lambdas the alignment did not place: one left with a captured-value shape that only one site left has,
        // again as each placement narrows the rest.
        List<Site> all = methods.stream().flatMap(List::stream).filter(s -> s.implementation() != null).toList();
        boolean placed = true;
        while (placed) {
            placed = false;
            List<Site> open = all.stream().filter(s -> !found.containsValue(s)).toList();
            List<HeapObject.HeapClass> unplaced = lambdas.stream().filter(l -> !found.containsKey(l.getObjectId())).toList();
            for (HeapObject.HeapClass lambda : unplaced) {
                String shape = kinds.get(lambda.getObjectId());
                List<Site> fitting = open.stream().filter(s -> s.capturedKinds().equals(shape)).toList();
                long rivals = unplaced.stream().filter(l -> kinds.get(l.getObjectId()).equals(shape)).count();
                if (fitting.size() == 1 && rivals == 1) {
                    found.put(lambda.getObjectId(), fitting.get(0));
                    placed = true;
                }
            }
        }
        return found;
    }

    private static void alignByIndex(List<Site> method, Map<Long, Integer> indexOf, Map<Long, String> kinds, Map<Long, Site> found) {
        Map<Integer, Integer> votes = new HashMap<>();
        indexOf.forEach((lambda, index) -> {
            for (Site site : method) {
                if (site.implementation() != null && site.capturedKinds().equals(kinds.get(lambda))) {
                    votes.merge(index - site.ordinal(), 1, Integer::sum);
                }
            }
        });
        int best = votes.values().stream().max(Integer::compare).orElse(0);
        List<Integer> bases = votes.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).toList();
        if (bases.size() != 1) {
            return;     // no lambda of this method linked, or no one alignment agrees best
        }
        int base = bases.get(0);
        indexOf.forEach((lambda, index) -> {
            int ordinal = index - base;
            if (ordinal >= 0 && ordinal < method.size()) {
                Site site = method.get(ordinal);
                if (site.implementation() != null && site.capturedKinds().equals(kinds.get(lambda))) {
                    found.putIfAbsent(lambda, site);
                }
            }
        });
    }

    /** The host's call sites, per method in class-file order, each method's in bytecode order. */
    private static List<List<Site>> sites(byte[] classFile) {
        List<List<Site>> methods = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<Site> sites = new ArrayList<>();
                methods.add(sites);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                        Handle implementation = bootstrap.getOwner().equals(METAFACTORY) && arguments.length >= 2
                                && arguments[1] instanceof Handle h ? h : null;
                        sites.add(new Site(name + descriptor, sites.size(), implementation, kinds(indyDescriptor)));
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        methods.removeIf(List::isEmpty);
        return methods;
    }

    /** The captured values' kinds in order, one letter each: L for a reference, else the primitive's descriptor. */
    private static String kinds(String indyDescriptor) {
        StringBuilder kinds = new StringBuilder();
        for (Type argument : Type.getArgumentTypes(indyDescriptor)) {
            int sort = argument.getSort();
            kinds.append(sort == Type.OBJECT || sort == Type.ARRAY ? 'L' : argument.getDescriptor().charAt(0));
        }
        return kinds.toString();
    }

    /** The same for a lambda class: its {@code arg$n} fields in order, by their HPROF basic types. */
    private static String capturedKinds(HeapObject.HeapClass lambda) {
        List<FieldRecord> fields = lambda.readRecordFields();
        List<String[]> named = new ArrayList<>();
        for (FieldRecord field : fields) {
            String name = lambda.instanceFieldName(field);
            if (name.startsWith("arg$")) {
                named.add(new String[] {name, String.valueOf(kind(field.getType()))});
            }
        }
        named.sort(Comparator.comparingInt(f -> Integer.parseInt(f[0].substring(4))));
        StringBuilder kinds = new StringBuilder();
        named.forEach(f -> kinds.append(f[1]));
        return kinds.toString();
    }

    private static char kind(int hprofType) {
        return switch (hprofType) {
            case 4 -> 'Z';
            case 5 -> 'C';
            case 6 -> 'F';
            case 7 -> 'D';
            case 8 -> 'B';
            case 9 -> 'S';
            case 10 -> 'I';
            case 11 -> 'J';
            default -> 'L';
        };
    }

    /** For each linked call site of the host, the lambda class its target leads to, by the site's entry. */
    private Map<Long, Integer> linkedIndexes(HeapObject.HeapClass host, Set<Long> lambdas) {
        var field = host.readStaticField("<resolved_references>");
        HeapObject array = field == null ? null : field.getValue().getAsObject();
        if (!(array instanceof HeapObject.HeapObjectArray references)) {
            return Map.of();
        }
        long[] elements = references.readRecord().getElementIds();
        Map<Long, Integer> indexes = new HashMap<>();
        for (int i = 0; i < elements.length; i++) {
            if (elements[i] != 0) {
                Long lambda = reachedLambda(elements[i], lambdas);
                if (lambda != null) {
                    indexes.putIfAbsent(lambda, i);
                }
            }
        }
        return indexes;
    }

    /** A call site's target: a method handle whose member, bound argument or constructor names the lambda class. */
    private Long reachedLambda(long start, Set<Long> lambdas) {
        Deque<long[]> queue = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        queue.add(new long[] {start, 0});
        while (!queue.isEmpty()) {
            long[] next = queue.poll();
            if (!seen.add(next[0])) {
                continue;
            }
            HeapObject object = graph.findObjectByIdOrNull(next[0]);
            if (object instanceof HeapObject.HeapClass type) {
                if (lambdas.contains(type.getObjectId())) {
                    return type.getObjectId();
                }
                continue;
            }
            if (!(object instanceof HeapObject.HeapInstance instance)) {
                continue;
            }
            if (lambdas.contains(instance.getInstanceClassId())) {
                return instance.getInstanceClassId();
            }
            if (next[1] >= MAX_DEPTH || !instance.getInstanceClassName().startsWith("java.lang.invoke.")) {
                continue;
            }
            for (shark.HeapField field : (Iterable<shark.HeapField>) () -> instance.readFields().iterator()) {
                Long id = field.getValue().getAsNonNullObjectId();
                if (id != null && !field.getName().equals("form")) {
                    queue.add(new long[] {id, next[1] + 1});
                }
            }
        }
        return null;
    }
}
