package dev.asyncinspect.recognize.futures;

import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A completion that has not fired: the stage that will complete {@code dep} once its sources
 * complete. A fired completion nulls its fields, so only pending ones are built.
 *
 * @param sources the futures it waits for (src, snd, or anyOf's srcs)
 * @param fn      the user's function, or null for relays
 */
record PendingStage(ObjectRef completion, String kind, ObjectRef dep, List<ObjectRef> sources, ObjectRef fn) {

    static PendingStage of(ObjectFields completion, List<ObjectRef> anyOfSources) {
        ObjectRef dep = completion.ref("dep");
        if (dep == null) {
            return null;
        }
        List<ObjectRef> sources = new ArrayList<>();
        for (String field : List.of("src", "snd")) {
            if (completion.ref(field) != null) {
                sources.add(completion.ref(field));
            }
        }
        sources.addAll(anyOfSources);
        return new PendingStage(completion.object(), StageKind.of(completion.object().type().name()), dep,
                List.copyOf(sources), completion.ref("fn"));
    }

    boolean isAsyncTask() {
        return kind.equals("supplyAsync") || kind.equals("runAsync");
    }
}
