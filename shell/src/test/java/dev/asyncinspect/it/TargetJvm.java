package dev.asyncinspect.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real example program in its own JVM, started for one test and killed after it. */
final class TargetJvm implements AutoCloseable {

    static final String JDWP = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    static final String JDWP_DORMANT = JDWP + ",onjcmd=y";

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private String via = "auto";

    private TargetJvm(Process process) {
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ended) {
                // The target went away.
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    /** @param jvmOptions JDWP and other flags, space-separated, or null for none */
    static TargetJvm start(Jdk jdk, String jvmOptions, String mainClass, String... args) throws Exception {
        String module = mainClass.startsWith("kotlin.") ? "examples-kotlin"
                : mainClass.startsWith("legacy.") ? "examples-kotlin-legacy"
                : mainClass.startsWith("reactive.") ? "examples-reactive" : null;
        List<String> launch = new ArrayList<>(List.of("-cp", module != null ? moduleClasspath(module) : examplesClasspath(),
                "dev.asyncinspect.examples." + mainClass));
        launch.addAll(List.of(args));
        return launch(jdk, jvmOptions, launch);
    }

    /** A Kotlin example as one module's compiler built it: the same source is in examples-kotlin and examples-kotlin-legacy. */
    static TargetJvm startIn(String module, Jdk jdk, String jvmOptions, String mainClass) throws Exception {
        return launch(jdk, jvmOptions, List.of("-cp", moduleClasspath(module), "dev.asyncinspect.examples." + mainClass));
    }

    /**
     * A Kotlin example whose classes are loaded by a class loader of {@code PluginHost}'s from the Kotlin
     * examples' classes directory, which is not on the class path (only the Kotlin runtime is).
     */
    static TargetJvm startAsPlugin(Jdk jdk, String jvmOptions, String mainClass) throws Exception {
        Path module = Path.of("..", "examples-kotlin", "target").toAbsolutePath().normalize();
        String runtime = java.nio.file.Files.readString(module.resolve("classpath.txt")).strip();
        return launch(jdk, jvmOptions, List.of("-cp", examplesClasspath() + File.pathSeparator + runtime,
                "dev.asyncinspect.examples.PluginHost", module.resolve("classes").toString(), "dev.asyncinspect.examples." + mainClass));
    }

    /** {@code java -jar}, as an executable archive is run. */
    static TargetJvm startJar(Jdk jdk, String jvmOptions, Path jar) throws Exception {
        return launch(jdk, jvmOptions, List.of("-jar", jar.toString()));
    }

    private static TargetJvm launch(Jdk jdk, String jvmOptions, List<String> launch) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx1g"));
        if (jvmOptions != null) {
            command.addAll(List.of(jvmOptions.split(" ")));
        }
        command.addAll(launch);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        TargetJvm target = new TargetJvm(process);
        target.awaitLine("READY", 120);
        return target;
    }

    /** The Spring Boot example's executable jar, as spring-boot-maven-plugin packaged it. */
    static Path springBootJar() throws IOException {
        try (var files = java.nio.file.Files.list(Path.of("..", "examples-spring", "target").toAbsolutePath().normalize())) {
            return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("examples-spring is not packaged"));
        }
    }

    /** Inspect it through this path ({@code --via}); see {@link Route}. */
    TargetJvm via(String via) {
        this.via = via;
        return this;
    }

    /** {@code --pid N --via V}: how the tool reaches this target. */
    String[] toolArgs() {
        return new String[] {"--pid", Long.toString(pid()), "--via", via};
    }

    /** The examples module's classes, found on this test's own class path. */
    static String examplesClasspath() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = java.nio.file.Path.of(entry).toString();
            if (file.matches(".*[/\\\\]examples[/\\\\]target[/\\\\]classes") || file.matches(".*async-inspect-examples-[0-9].*\\.jar")) {
                return entry;
            }
        }
        throw new IllegalStateException("examples module is not on the test class path");
    }

    /** An examples module's classes and their runtime (kotlin-stdlib, kotlinx-coroutines, Reactor…), as its build wrote it. */
    static String moduleClasspath(String name) throws IOException {
        Path module = Path.of("..", name, "target").toAbsolutePath().normalize();
        return module.resolve("classes") + File.pathSeparator
                + java.nio.file.Files.readString(module.resolve("classpath.txt")).strip();
    }

    /**
     * kotlinx-coroutines-debug's jar of the version the program's module uses, copied by its build to start
     * targets with {@code -javaagent}.
     */
    static Path coroutinesDebugAgent(String mainClass) {
        String module = mainClass.startsWith("legacy.") ? "examples-kotlin-legacy" : "examples-kotlin";
        return Path.of("..", module, "target", "agents", "kotlinx-coroutines-debug.jar").toAbsolutePath().normalize();
    }

    void awaitLine(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (output.stream().noneMatch(l -> l.startsWith(prefix))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("target exited early: " + output);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + prefix + "' line from target: " + output);
            }
            Thread.sleep(20);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    List<String> output() {
        return output;
    }

    /**
     * The target runs on (nothing left suspended): it prints four more lines, awaited up to 10 s. For the
     * examples that print as they go (Idle's ticks, Pump's refills, Deliveries' ticks).
     */
    void assertRunsOn() throws InterruptedException {
        int before = output.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (output.size() <= before + 3 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        org.assertj.core.api.Assertions.assertThat(output.size()).as("the target must run on").isGreaterThan(before + 3);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    static Path examplesSource(String simpleName) {
        if (simpleName.equals("QuotesApplication.kt") || simpleName.equals("PricesController.java") || simpleName.equals("StockController.java")) {
            String language = simpleName.endsWith(".kt") ? "kotlin" : "java";
            return Path.of("..", "examples-spring", "src", "main", language, "dev", "asyncinspect", "examples", "spring", simpleName);
        }
        Path reactive = Path.of("..", "examples-reactive", "src", "main", "java", "dev", "asyncinspect", "examples", "reactive", simpleName);
        if (java.nio.file.Files.isRegularFile(reactive)) {
            return reactive;
        }
        if (simpleName.startsWith("Legacy")) {
            return Path.of("..", "examples-kotlin-legacy", "src", "main", "kotlin", "dev", "asyncinspect", "examples", "legacy", simpleName);
        }
        if (simpleName.endsWith(".kt")) {
            try (var files = java.nio.file.Files.walk(Path.of("..", "examples-kotlin", "src", "main", "kotlin"))) {
                return files.filter(f -> f.getFileName().toString().equals(simpleName)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no example source " + simpleName));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return Path.of("..", "examples", "src", "main", "java", "dev", "asyncinspect", "examples", simpleName + ".java");
    }
}
