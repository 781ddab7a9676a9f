package dev.asyncinspect.recognize.futures;

import java.util.Map;

/** The user's name for a CompletableFuture completion class: the method that created it. */
final class StageKind {

    private StageKind() {}

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("UniApply", "thenApply"), Map.entry("UniAccept", "thenAccept"),
            Map.entry("UniRun", "thenRun"), Map.entry("UniCompose", "thenCompose"),
            Map.entry("UniRelay", "relay"), Map.entry("UniWhenComplete", "whenComplete"),
            Map.entry("UniHandle", "handle"), Map.entry("UniExceptionally", "exceptionally"),
            Map.entry("UniComposeExceptionally", "exceptionallyCompose"),
            Map.entry("BiApply", "thenCombine"), Map.entry("BiAccept", "thenAcceptBoth"),
            Map.entry("BiRun", "runAfterBoth"), Map.entry("BiRelay", "allOf"),
            Map.entry("OrApply", "applyToEither"), Map.entry("OrAccept", "acceptEither"),
            Map.entry("OrRun", "runAfterEither"), Map.entry("OrRelay", "anyOf"), Map.entry("AnyOf", "anyOf"),
            Map.entry("AsyncSupply", "supplyAsync"), Map.entry("AsyncRun", "runAsync"),
            Map.entry("Signaller", "get/join"), Map.entry("Timeout", "orTimeout"),
            Map.entry("DelayedCompleter", "completeOnTimeout"));

    /** @param className e.g. {@code java.util.concurrent.CompletableFuture$UniApply} */
    static String of(String className) {
        String simple = className.substring(className.lastIndexOf('$') + 1);
        return NAMES.getOrDefault(simple, simple);
    }
}
