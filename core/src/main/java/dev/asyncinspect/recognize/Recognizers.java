package dev.asyncinspect.recognize;

import dev.asyncinspect.recognize.executors.ExecutorQueues;
import dev.asyncinspect.recognize.futures.FutureRecognizer;
import dev.asyncinspect.recognize.guava.GuavaRecognizer;
import dev.asyncinspect.recognize.kotlin.CoroutineRecognizer;
import dev.asyncinspect.recognize.reactor.ReactorRecognizer;
import dev.asyncinspect.recognize.rxjava.RxRecognizer;
import dev.asyncinspect.recognize.threads.ThreadRecognizer;
import java.util.List;

/** Every runtime a snapshot recognizes, in discovery order: each may read what the ones before it published. */
public final class Recognizers {

    private Recognizers() {}

    public static final List<Recognizer.Factory> ALL = List.of(
            ThreadRecognizer::new,
            ExecutorQueues::new,
            ReactorRecognizer::new,
            RxRecognizer::new,
            FutureRecognizer::new,
            GuavaRecognizer::new,
            CoroutineRecognizer::new);
}
