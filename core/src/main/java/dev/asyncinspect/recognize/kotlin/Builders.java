package dev.asyncinspect.recognize.kotlin;

import java.util.Map;

/** The builder a user wrote, from the coroutine class kotlinx.coroutines made for it. */
final class Builders {

    private Builders() {}

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("StandaloneCoroutine", "launch"), Map.entry("LazyStandaloneCoroutine", "launch"),
            Map.entry("DeferredCoroutine", "async"), Map.entry("LazyDeferredCoroutine", "async"),
            Map.entry("BlockingCoroutine", "runBlocking"), Map.entry("ScopeCoroutine", "coroutineScope"),
            Map.entry("SupervisorCoroutine", "supervisorScope"), Map.entry("DispatchedCoroutine", "withContext"),
            Map.entry("UndispatchedCoroutine", "withContext"), Map.entry("TimeoutCoroutine", "withTimeout"),
            Map.entry("ProducerCoroutine", "produce"), Map.entry("ActorCoroutine", "actor"),
            Map.entry("FlowCoroutine", "flow scope"), Map.entry("CompletableDeferredImpl", "CompletableDeferred"));

    static String of(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        simple = simple.substring(simple.lastIndexOf('$') + 1);
        return NAMES.getOrDefault(simple, simple);
    }

    static String dispatcher(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return switch (simple) {
            case "DefaultScheduler" -> "Dispatchers.Default";
            case "DefaultIoScheduler" -> "Dispatchers.IO";
            case "Unconfined" -> "Dispatchers.Unconfined";
            case "BlockingEventLoop" -> "runBlocking event loop";
            default -> simple;
        };
    }
}
